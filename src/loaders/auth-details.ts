import { get, isMap, isSeq, isString, scalarString, type SEntry, type SMap, type SNode, type SScalar } from '../model/node.js';
import type { Range } from '../model/source.js';

/**
 * `aws iam get-account-authorization-details` output, lowered into the CloudFormation-shaped template
 * every rule reads: each role, user, group and customer managed policy of the dump becomes a resource
 * (`AWS::IAM::Role` with `AssumeRolePolicyDocument`, `Policies`, `ManagedPolicyArns`,
 * `PermissionsBoundary`; `AWS::IAM::User` with `Groups`; `AWS::IAM::InstanceProfile`;
 * `AWS::IAM::ManagedPolicy` with its default version's document). The dump's own nodes are reused, so
 * every finding points into the dump; the few nodes made here (maps, lists, `Ref`s to the dump's
 * customer managed policies) carry the range of the dump element they stand for.
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList'];

/** Recognised by content: a map with one of the three detail lists (or a `Policies` list of versioned policies). */
export function isAuthDetails(root: SNode): root is SMap {
  if (!isMap(root)) return false;
  if (LISTS.some((k) => isSeq(get(root, k)))) return true;
  const pols = get(root, 'Policies');
  return isSeq(pols) && pols.items.some((p) => isSeq(get(p, 'PolicyVersionList')));
}

function scalar(value: string, range: Range): SScalar {
  return { kind: 'scalar', range, value };
}

function entry(key: string, value: SNode, range: Range = value.range): SEntry {
  return { key: scalar(key, range), value };
}

function map(range: Range, entries: (SEntry | undefined)[]): SMap {
  return { kind: 'map', range, entries: entries.filter((e): e is SEntry => e !== undefined) };
}

function seq(range: Range, items: SNode[]): SNode {
  return { kind: 'seq', range, items };
}

function keep(item: SNode, key: string, as: string = key): SEntry | undefined {
  const v = get(item, key);
  return v === undefined ? undefined : entry(as, v);
}

/** `[{PolicyName, PolicyDocument}]` lists of inline policies, as CloudFormation's `Policies`. */
function inlinePolicies(item: SNode, key: string): SEntry | undefined {
  const list = get(item, key);
  if (!isSeq(list)) return undefined;
  return entry(
    'Policies',
    seq(
      list.range,
      list.items.map((p) => map(p.range, [keep(p, 'PolicyName'), keep(p, 'PolicyDocument')])),
    ),
  );
}

/**
 * The lowered template, or undefined when the root is not a dump. Logical ids are the entities'
 * names (a role and a user of the same name get `Role<name>`-style ids to stay apart).
 */
export function lowerAuthDetails(root: SNode): SMap | undefined {
  if (!isAuthDetails(root)) return undefined;
  const resources: SEntry[] = [];
  const used = new Set<string>();
  const idFor = (name: string | undefined, kind: string, fallback: string): string => {
    let id = name && name.length ? name : fallback;
    if (used.has(id)) id = `${kind}:${id}`;
    for (let i = 2; used.has(id); i++) id = `${kind}:${name ?? fallback}#${i}`;
    used.add(id);
    return id;
  };
  const nameOf = (item: SNode, key: string): string | undefined => {
    const n = get(item, key);
    return n && n.kind === 'scalar' ? scalarString(n) : undefined;
  };
  const resource = (id: string, type: string, item: SNode, props: (SEntry | undefined)[]) => {
    const r = item.range;
    const arn = get(item, 'Arn');
    resources.push(
      entry(
        id,
        map(r, [entry('Type', scalar(type, r)), entry('Properties', map(r, props)), arn ? entry('Metadata', map(r, [entry('Arn', arn)])) : undefined]),
        r,
      ),
    );
  };
  // Customer managed policies first: attachments refer to them by ARN, lowered to `Ref`s.
  const policyIds = new Map<string, string>();
  const pols = get(root, 'Policies');
  if (isSeq(pols))
    pols.items.forEach((p, i) => {
      const arn = get(p, 'Arn');
      const id = idFor(nameOf(p, 'PolicyName'), 'Policy', `Policy${i + 1}`);
      if (isString(arn)) policyIds.set(arn.value, id);
      const def = nameOf(p, 'DefaultVersionId');
      const versions = get(p, 'PolicyVersionList');
      const chosen = isSeq(versions)
        ? versions.items.find((v) => {
            const d = get(v, 'IsDefaultVersion');
            return (d?.kind === 'scalar' && d.value === true) || (def !== undefined && nameOf(v, 'VersionId') === def);
          })
        : undefined;
      const doc = chosen ? get(chosen, 'Document') : undefined;
      resource(id, 'AWS::IAM::ManagedPolicy', p, [keep(p, 'PolicyName', 'ManagedPolicyName'), keep(p, 'Path'), doc ? entry('PolicyDocument', doc) : undefined]);
    });
  /** `AttachedManagedPolicies` as `ManagedPolicyArns`: AWS managed ARNs as they are, the dump's own policies as `Ref`s. */
  const attached = (item: SNode): SEntry | undefined => {
    const list = get(item, 'AttachedManagedPolicies');
    if (!isSeq(list)) return undefined;
    const items: SNode[] = [];
    for (const a of list.items) {
      const arn = get(a, 'PolicyArn');
      if (!isString(arn)) continue;
      const id = policyIds.get(arn.value);
      items.push(id ? map(arn.range, [entry('Ref', scalar(id, arn.range))]) : arn);
    }
    return entry('ManagedPolicyArns', seq(list.range, items));
  };
  const boundary = (item: SNode): SEntry | undefined => {
    const arn = get(get(item, 'PermissionsBoundary'), 'PermissionsBoundaryArn');
    if (!isString(arn)) return undefined;
    const id = policyIds.get(arn.value);
    return entry('PermissionsBoundary', id ? map(arn.range, [entry('Ref', scalar(id, arn.range))]) : arn);
  };
  const groups = get(root, 'GroupDetailList');
  if (isSeq(groups))
    groups.items.forEach((g, i) => {
      const id = idFor(nameOf(g, 'GroupName'), 'Group', `Group${i + 1}`);
      resource(id, 'AWS::IAM::Group', g, [keep(g, 'GroupName'), keep(g, 'Path'), inlinePolicies(g, 'GroupPolicyList'), attached(g)]);
    });
  const users = get(root, 'UserDetailList');
  if (isSeq(users))
    users.items.forEach((u, i) => {
      const id = idFor(nameOf(u, 'UserName'), 'User', `User${i + 1}`);
      resource(id, 'AWS::IAM::User', u, [
        keep(u, 'UserName'),
        keep(u, 'Path'),
        keep(u, 'GroupList', 'Groups'),
        inlinePolicies(u, 'UserPolicyList'),
        attached(u),
        boundary(u),
      ]);
    });
  const roles = get(root, 'RoleDetailList');
  const profiles = new Set<string>();
  if (isSeq(roles))
    roles.items.forEach((r, i) => {
      const id = idFor(nameOf(r, 'RoleName'), 'Role', `Role${i + 1}`);
      resource(id, 'AWS::IAM::Role', r, [
        keep(r, 'RoleName'),
        keep(r, 'Path'),
        keep(r, 'AssumeRolePolicyDocument'),
        inlinePolicies(r, 'RolePolicyList'),
        attached(r),
        boundary(r),
      ]);
      const ips = get(r, 'InstanceProfileList');
      if (isSeq(ips))
        for (const ip of ips.items) {
          const name = nameOf(ip, 'InstanceProfileName');
          if (name === undefined || profiles.has(name)) continue;
          profiles.add(name);
          const pid = idFor(name, 'InstanceProfile', `InstanceProfile${profiles.size}`);
          resource(pid, 'AWS::IAM::InstanceProfile', ip, [
            keep(ip, 'InstanceProfileName'),
            entry('Roles', seq(ip.range, [map(ip.range, [entry('Ref', scalar(id, ip.range))])]), ip.range),
          ]);
        }
    });
  const r = root.range;
  return map(r, [entry('Resources', map(r, resources), r)]);
}
