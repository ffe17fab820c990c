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
