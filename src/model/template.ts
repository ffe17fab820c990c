import { get, getEntry, isMap, isString, scalarString, type SMap, type SNode, type SScalar } from './node.js';

export interface Parameter {
  readonly id: string;
  readonly node: SNode;
  readonly type: string | undefined;
  readonly default: SNode | undefined;
  /** `NoEcho: true`: CloudFormation masks the value in its console and API, and nowhere else. */
  readonly noEcho: boolean;
}

export interface Resource {
  readonly id: string;
  readonly type: string;
  readonly node: SMap;
  readonly keyNode: SScalar;
  readonly properties: SNode | undefined;
  readonly metadata: SNode | undefined;
}

/** A CloudFormation template (JSON, YAML, SAM or CDK synth output), with its parts indexed. */
export interface Template {
  readonly root: SMap;
  readonly parameters: ReadonlyMap<string, Parameter>;
  readonly resources: ReadonlyMap<string, Resource>;
  readonly mappings: SNode | undefined;
  readonly conditions: ReadonlySet<string>;
  readonly sam: boolean;
  /**
   * What the user wrote: a CloudFormation template (JSON, YAML, SAM, CDK synth, CDK code lowered into
   * one), or Terraform lowered into this shape. Messages name resources and fields as the user wrote them.
   */
  readonly dialect: Dialect;
}

export type Dialect = 'cloudformation' | 'terraform';

/**
 * A resource as messages name it: `AWS::IAM::Role AppRole` in a template, the address
 * (`aws_iam_role.app`) in Terraform.
 */
export function resourceLabel(r: Resource, dialect: Dialect): string {
  return dialect === 'terraform' ? r.id : `${r.type} ${r.id}`;
}

/**
 * Recognised by content: `AWSTemplateFormatVersion`, or a `Resources` map whose entries have a
 * `Type` of `AWS::...` (or `Custom::`/`Alexa::` as CloudFormation allows).
 */
export function isTemplate(root: SNode): root is SMap {
  if (!isMap(root)) return false;
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const res = get(root, 'Resources');
  if (!isMap(res)) return false;
  return res.entries.some((e) => {
    const t = get(e.value, 'Type');
    return isString(t) && /^(AWS|Custom|Alexa)::/.test(t.value);
  });
}

export function buildTemplate(root: SMap, dialect: Dialect = 'cloudformation'): Template {
  const parameters = new Map<string, Parameter>();
  const params = get(root, 'Parameters');
  if (isMap(params)) {
    for (const e of params.entries) {
      const id = scalarString(e.key) ?? '';
      const t = get(e.value, 'Type');
      const ne = get(e.value, 'NoEcho');
      const noEcho = ne?.kind === 'scalar' && String(ne.value).toLowerCase() === 'true';
      parameters.set(id, { id, node: e.value, type: isString(t) ? t.value : undefined, default: get(e.value, 'Default'), noEcho });
    }
  }
  const resources = new Map<string, Resource>();
  const res = get(root, 'Resources');
  if (isMap(res)) {
    for (const e of res.entries) {
      if (!isMap(e.value)) continue;
      const t = get(e.value, 'Type');
      if (!isString(t)) continue;
      const id = scalarString(e.key) ?? '';
      resources.set(id, {
        id,
        type: t.value,
        node: e.value,
        keyNode: e.key,
        properties: get(e.value, 'Properties'),
        metadata: get(e.value, 'Metadata'),
      });
    }
  }
  const conditions = new Set<string>();
  const conds = get(root, 'Conditions');
  if (isMap(conds)) for (const e of conds.entries) conditions.add(String(e.key.value));
  const transform = get(root, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items : transform ? [transform] : [];
  const sam = transforms.some((t) => isString(t) && t.value.startsWith('AWS::Serverless'));
  return { root, parameters, resources, mappings: get(root, 'Mappings'), conditions, sam, dialect };
}

/**
 * The note on a value chosen by a condition: "when condition IsProd is true" in a template; in Terraform,
 * where the condition is the expression of a conditional, "when var.prod is true".
 */
export function branchNote(t: Template | undefined, cond: string, value: boolean): string {
  return t?.dialect === 'terraform' ? `when ${cond} is ${value}` : `when condition ${cond} is ${value}`;
}

/** The note on a parameter's default: "the default of parameter Env"; in Terraform "the default of var.env". */
export function defaultNote(t: Template | undefined, id: string): string {
  return t?.dialect === 'terraform' ? `the default of ${id}` : `the default of parameter ${id}`;
}

/** The entry of a resource property, for positions that point at the property name. */
export function propertyEntry(r: Resource, name: string) {
  return getEntry(r.properties, name);
}
