import type { TSESTree } from '@typescript-eslint/types';

/**
 * The modules whose meaning iamlint knows. CDK v2 (`aws-cdk-lib`, its `aws_iam`/`aws_ec2`
 * namespaces and `aws-cdk-lib/aws-iam` paths) and v1 (`@aws-cdk/aws-iam`) share one API; `core` is
 * `Stack`, `Aws` and friends. `sdk3` is any `@aws-sdk/*` package, `sdk2` the `aws-sdk` namespace.
 * EKS's newer module (`aws-cdk-lib/aws-eks-v2`, before it `@aws-cdk/aws-eks-v2-alpha`) has the same
 * `Nodegroup` and `addNodegroupCapacity` as `aws-eks`.
 */
export type Module = 'cdk' | 'core' | 'iam' | 'ec2' | 'autoscaling' | 'eks' | 'ecs' | 'sdk3' | 'sdk2';

/** What an expression names: a module namespace (no `name`), or a member path in one (`PolicyStatement.fromJson`). */
export interface Ref {
  readonly module: Module;
  readonly name?: string;
}

export function moduleOf(src: string): Ref | undefined {
  if (src === 'aws-cdk-lib') return { module: 'cdk' };
  if (src === 'aws-cdk-lib/core' || src === '@aws-cdk/core') return { module: 'core' };
  const m = /^(?:aws-cdk-lib\/|@aws-cdk\/)aws-(iam|ec2|autoscaling|eks|ecs)$/.exec(src);
  if (m) return { module: m[1] as 'iam' | 'ec2' | 'autoscaling' | 'eks' | 'ecs' };
  if (src === 'aws-cdk-lib/aws-eks-v2' || src === '@aws-cdk/aws-eks-v2-alpha') return { module: 'eks' };
  if (src.startsWith('@aws-sdk/')) return { module: 'sdk3' };
  if (src === 'aws-sdk' || src === 'aws-sdk/global' || src === 'aws-sdk/lib/core') return { module: 'sdk2' };
  // `import S3 from 'aws-sdk/clients/s3'`: the default export is the service class.
  const c = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(src);
  if (c) return { module: 'sdk2', name: `clients.${c[1]}` };
  return undefined;
}

export function member(r: Ref, prop: string): Ref {
  if (r.name !== undefined) return { module: r.module, name: `${r.name}.${prop}` };
  if (r.module === 'cdk') {
    const m = /^aws_(iam|ec2|autoscaling|eks|ecs)$/.exec(prop) ?? /^aws_(eks)_v2$/.exec(prop);
    return m ? { module: m[1] as 'iam' | 'ec2' | 'autoscaling' | 'eks' | 'ecs' } : { module: 'core', name: prop };
  }
  return { module: r.module, name: prop };
}

/** `require('x')` → 'x'. */
export function requiredModule(c: TSESTree.CallExpression): string | undefined {
  if (c.callee.type !== 'Identifier' || c.callee.name !== 'require') return undefined;
  const a = c.arguments[0];
  return a?.type === 'Literal' && typeof a.value === 'string' ? a.value : undefined;
}
