import type { Account } from './account.js';
import { adminAccess, escalationPaths, isPassRolePath, type PathMatch } from './account-risks.js';
import { grantsAction } from './actions.js';
import type { LaunchModel, Role } from './launch.js';
import { PRIVESC_PATHS } from './privesc-paths.js';
import { passRoleGrants, type PassRoleGrant } from './passrole.js';
import type { PolicyDocument } from './policy.js';
import { display } from './value.js';

/**
 * Actions that start compute running with a role the caller passes (each needs `iam:PassRole` on
 * that role). Whoever has one of them and may pass a more privileged role acts with that role's
 * permissions: the classic PassRole escalations (Rhino Security Labs' methods, cloudsplaining's
 * `PRIVILEGE_ESCALATION_METHODS`). The curated table of research notes §2.2:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const COMPUTE_WITH_ROLE: readonly string[] = [
  'ec2:RunInstances',
  'ec2:RequestSpotInstances',
  'ec2:AssociateIamInstanceProfile',
  'ec2:ReplaceIamInstanceProfileAssociation',
  'autoscaling:CreateLaunchConfiguration',
  'autoscaling:CreateAutoScalingGroup',
  'autoscaling:UpdateAutoScalingGroup',
  'lambda:CreateFunction',
  'lambda:UpdateFunctionConfiguration',
  'ecs:RegisterTaskDefinition',
  'ecs:RunTask',
  'ecs:StartTask',
  'ecs:CreateService',
  'glue:CreateDevEndpoint',
  'glue:UpdateDevEndpoint',
  'glue:CreateJob',
  'glue:UpdateJob',
  'glue:CreateSession',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:CreateChangeSet',
  'cloudformation:CreateStackSet',
  'codebuild:CreateProject',
  'codebuild:UpdateProject',
  'states:CreateStateMachine',
  'datapipeline:CreatePipeline',
  'batch:CreateComputeEnvironment',
  'eks:CreateNodegroup',
  'apprunner:CreateService',
  'elasticmapreduce:RunJobFlow',
];

const ADMINISTRATOR_ACCESS = /:iam::aws:policy\/AdministratorAccess$/;

/** How a role of the template lets whoever holds its credentials escalate, if it does. */
export type RoleEscalation =
  { readonly kind: 'administrator' } | { readonly kind: 'passrole'; readonly grant: PassRoleGrant; readonly action: string } | undefined;

/**
 * Judges a role as a whole: its statements from every policy of the template form one document, so a
 * Deny in one policy cancels an Allow in another. AWS's AdministratorAccess is escalation by itself;
 * otherwise PassRole on every role plus an action of COMPUTE_WITH_ROLE is. A permissions boundary
 * (unknown offline) leaves the role alone.
 */
export function roleEscalation(role: Role): RoleEscalation {
  if (role.permissionsBoundary) return undefined;
  if (role.managedPolicyArns.some((v) => ADMINISTRATOR_ACCESS.test(display(v)))) return { kind: 'administrator' };
  const all: PolicyDocument = {
    kind: 'identity',
    node: role.resource.node,
    statements: role.policies.flatMap((d) => d.statements),
    origin: { path: '', label: role.resource.id },
  };
  const grant = passRoleGrants(all).find((g) => g.notResource || g.allRoles.length);
  if (!grant) return undefined;
  for (const action of COMPUTE_WITH_ROLE)
    for (const st of all.statements) if (st.effect === 'Allow' && grantsAction(st, action).granted === true) return { kind: 'passrole', grant, action };
  return undefined;
}

/** Logical ids of the roles that launch settings of the file give to instances (through an instance profile of the file). */
export function launchRoleIds(launch: LaunchModel): Set<string> {
  const out = new Set<string>();
  for (const spec of launch.specs) for (const p of spec.profile?.profiles ?? []) for (const r of p.roles) if (r.role) out.add(r.role.resource.id);
  return out;
}

/**
 * The PassRole escalation paths (pathfinding.cloud's `new-passrole` category: pass a role to a service
 * that runs code with it) that an instance role's effective permissions complete; none for an
 * administrator, which `admin-access` reports.
 */
export function instanceRoleEscalation(account: Account, role: Role): PathMatch[] {
  // By logical id: a Terraform file's account holds its own resources, the launch graph the whole module's (other objects, same ids).
  const p = account.principals.find((x) => x.kind === 'role' && x.resource?.id === role.resource.id);
  if (!p || adminAccess(account, p)) return [];
  return escalationPaths(account, p, PASSROLE_PATHS);
}

const PASSROLE_PATHS = PRIVESC_PATHS.filter(isPassRolePath);
