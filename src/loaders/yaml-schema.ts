import { CORE_SCHEMA, Type } from './vendor/js-yaml.js';

/**
 * Every tag js-yaml does not know (`!Ref`, `!Sub`, `!!binary`, `!Anything`) is accepted as is, on a
 * scalar, a sequence or a mapping: `multi` types match any tag by prefix, and the empty prefix
 * matches all. The tree is built from the parse events below, so the value constructed here is
 * only used for scalars (the raw string, as the `yaml` library gave it for unknown tags).
 */
const ANY_TAG = (['scalar', 'sequence', 'mapping'] as const).map(
  (kind) => new Type('', { kind, multi: true, resolve: () => true, construct: (data: unknown) => data }),
);

/**
 * YAML 1.2 core schema: no timestamps (`Version: 2012-10-17` stays a string, as CloudFormation
 * reads it) and no `<<` type: merge keys are applied while building the tree, with positions.
 */
export const SCHEMA = CORE_SCHEMA.extend({ explicit: ANY_TAG });

export function tagToIntrinsic(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}
