import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImdsField, LaunchKind, LaunchModel, LaunchSpec, Setting } from '../../model/launch.js';
import { NO_LAUNCH } from '../../model/launch.js';
import type { SEntry, SNode } from '../../model/node.js';
import type { Range } from '../../model/source.js';
import type { Resource } from '../../model/template.js';
import { propName, unwrap, type Node, type Scope } from './scope.js';
import { findProperty, findPropertyNode, type Values } from './values.js';

/** What a value says about one IMDS setting: a literal, not written (undefined), or unknowable (null). */
interface Value {
  readonly value: string | undefined | null;
  readonly at: SNode;
}

function rangeOf(n: Node): Range {
  return { start: n.range[0], end: n.range[1] };
}

/**
 * A launch spec read from CDK code. CDK writes the metadata options itself: `requireImdsv2: true`
 * (on `ec2.Instance`, through a launch template it adds, and on `ec2.LaunchTemplate`) means
 * `HttpTokens: required`; `httpTokens`, `httpEndpoint` and `httpPutResponseHopLimit` map one to one,
 * as `launchTemplateData.metadataOptions` does on the L1 `CfnLaunchTemplate`.
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.LaunchTemplate.html
 */
class CodeSpec implements LaunchSpec {
  readonly hasMetadataOptions = true;
  readonly metadataOptions: SEntry | undefined = undefined;
  readonly profile = undefined;
  readonly userData = undefined;
  readonly launchTemplate = undefined;
  readonly usedBy: readonly string[] = [];

  constructor(
    readonly kind: LaunchKind,
    readonly label: string,
    readonly resource: Resource | undefined,
    readonly path: string,
    readonly anchor: SNode,
    private readonly values: Record<ImdsField, Value>,
  ) {}

  setting(field: ImdsField): readonly Setting[] {
    const v = this.values[field];
    return [{ value: v.value, at: v.at, notes: [], from: this }];
  }
}

/** `ec2.Instance`, `ec2.LaunchTemplate` and `ec2.CfnLaunchTemplate` as launch specs for the IMDS rules. */
export function cdkLaunch(scope: Scope, v: Values): LaunchModel {
  const ec2 = (e: Node) => {
    const r = scope.ref(e);
    return r?.module === 'ec2' ? r.name : undefined;
  };
  const news = scope.news.filter((n) => {
    const name = ec2(n.callee);
    return name === 'Instance' || name === 'LaunchTemplate' || name === 'CfnLaunchTemplate';
  });
  if (news.length === 0) return NO_LAUNCH;
  // An aspect that requires IMDSv2 on every instance or launch template of the scope it is added to;
  // one in this file covers the constructs of this file. https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.InstanceRequireImdsv2Aspect.html
  const aspects = new Set(scope.news.map((n) => ec2(n.callee)).filter((n) => n === 'InstanceRequireImdsv2Aspect' || n === 'LaunchTemplateRequireImdsv2Aspect'));
  const specs: LaunchSpec[] = [];
  for (const n of news) {
    const name = ec2(n.callee) as 'Instance' | 'LaunchTemplate' | 'CfnLaunchTemplate';
    const a1 = n.arguments[1];
    const id = a1?.type === 'Literal' && typeof a1.value === 'string' ? a1.value : undefined;
    const anchor = v.scalar({ start: n.range[0], end: n.callee.range[1] }, id ?? name);
    const kind: LaunchKind = name === 'Instance' ? 'instance' : 'launchTemplate';
    const type = name === 'Instance' ? 'AWS::EC2::Instance' : 'AWS::EC2::LaunchTemplate';
    const label = `${kind === 'instance' ? 'instance' : 'launch template'} ${id ?? '(unnamed)'}`;
    const resource: Resource | undefined = id
      ? {
          id,
          type,
          node: { kind: 'map', range: rangeOf(n), entries: [] },
          keyNode: v.scalar(rangeOf(a1 as Node), id),
          properties: undefined,
          metadata: undefined,
        }
      : undefined;
    const propsArg = n.arguments[2];
    const props = propsArg && propsArg.type !== 'SpreadElement' ? v.resolve(propsArg) : undefined;
    const unknownAll: Record<ImdsField, Value> = {
      tokens: { value: null, at: anchor },
      endpoint: { value: null, at: anchor },
      hopLimit: { value: null, at: anchor },
    };
    if (props && props.type !== 'ObjectExpression') {
      specs.push(new CodeSpec(kind, label, resource, 'props', anchor, unknownAll));
      continue;
    }
    const read = (obj: TSESTree.ObjectExpression | undefined, key: string, map: (s: string) => string | undefined): Value => {
      const p = obj ? findPropertyNode(obj, key) : undefined;
      if (obj && !p && obj.properties.some((q) => q.type === 'SpreadElement')) return { value: null, at: anchor };
      if (!p) return { value: undefined, at: anchor };
      const e = unwrap(p.value);
      const member = e.type === 'MemberExpression' ? propName(e) : undefined;
      const parts = v.parts(e);
      const text = member && scope.ref(e)?.module === 'ec2' ? member : parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
      return { value: text === undefined ? null : (map(text) ?? null), at: v.node(p.value) };
    };
    let values: Record<ImdsField, Value>;
    if (name === 'CfnLaunchTemplate') {
      const data = props ? findProperty(props, 'launchTemplateData') : undefined;
      const dataObj = data ? v.resolve(data) : undefined;
      const mo = dataObj?.type === 'ObjectExpression' ? findProperty(dataObj, 'metadataOptions') : undefined;
      const moObj = mo ? v.resolve(mo) : undefined;
      if ((data && dataObj?.type !== 'ObjectExpression') || (mo && moObj?.type !== 'ObjectExpression')) {
        specs.push(new CodeSpec(kind, label, resource, 'launchTemplateData', anchor, unknownAll));
        continue;
      }
      const o = moObj?.type === 'ObjectExpression' ? moObj : undefined;
      values = { tokens: read(o, 'httpTokens', (s) => s), endpoint: read(o, 'httpEndpoint', (s) => s), hopLimit: read(o, 'httpPutResponseHopLimit', (s) => s) };
    } else {
      const o = props?.type === 'ObjectExpression' ? props : undefined;
      const require = read(o, 'requireImdsv2', (s) => (s === 'true' ? 'required' : s === 'false' ? 'unset' : undefined));
      // `LaunchTemplateHttpTokens.REQUIRED` / `OPTIONAL`, or the string itself.
      const tokens = read(o, 'httpTokens', (s) => s.toLowerCase());
      let t: Value =
        require.value === 'required'
          ? require
          : tokens.value !== undefined
            ? tokens
            : require.value === 'unset'
              ? { value: undefined, at: require.at }
              : require;
      const aspect = aspects.has(kind === 'instance' ? 'InstanceRequireImdsv2Aspect' : 'LaunchTemplateRequireImdsv2Aspect');
      if (t.value === undefined && aspect) t = { value: 'required', at: anchor };
      // Amazon Linux 2023 AMIs are registered with ImdsSupport v2.0: without a setting, IMDSv2 is required.
      // https://docs.aws.amazon.com/linux/al2023/ug/ec2-imds.html
      if (t.value === undefined && o && amazonLinux2023(o, scope, v)) t = { value: null, at: anchor };
      values = {
        tokens: t,
        endpoint: read(o, 'httpEndpoint', (s) => (s === 'true' ? 'enabled' : s === 'false' ? 'disabled' : undefined)),
        hopLimit: read(o, 'httpPutResponseHopLimit', (s) => s),
      };
    }
    specs.push(new CodeSpec(kind, label, resource, name === 'CfnLaunchTemplate' ? 'launchTemplateData' : 'props', anchor, values));
  }
  return { specs, profiles: [] };
}

function amazonLinux2023(o: TSESTree.ObjectExpression, scope: Scope, v: Values): boolean {
  const img = findProperty(o, 'machineImage');
  if (!img) return false;
  const n = v.resolve(img);
  if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return false;
  const name = scope.ref(n.callee)?.name ?? '';
  if (name === 'MachineImage.latestAmazonLinux2023' || name === 'AmazonLinux2023ImageSsmParameter' || name === 'AmazonLinux2023Image') return true;
  const arg = n.arguments[0];
  const props = arg && arg.type !== 'SpreadElement' ? v.resolve(arg) : undefined;
  const gen = props?.type === 'ObjectExpression' ? findProperty(props, 'generation') : undefined;
  const genName = gen ? scope.ref(gen)?.name : undefined;
  return genName === 'AmazonLinuxGeneration.AMAZON_LINUX_2023';
}
