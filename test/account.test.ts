import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadText } from '../src/loaders/load.js';
import { accountOf, type Account, type Principal, type Request } from '../src/model/account.js';
import { patternCoversAll } from '../src/model/account-eval.js';
import { adminAccess, escalationPaths, lateralMoves } from '../src/model/account-risks.js';
import { PRIVESC_PATHS } from '../src/model/privesc-paths.js';
import type { Clause } from '../src/model/policy.js';
import { timeVerdict } from '../src/model/time-conditions.js';
import { ROOT } from './fixture-harness.js';

const TODAY = '2026-06-01';

function load(text: string, path = 't.yaml') {
  const out = loadText(path, text);
  if (out.status !== 'parsed') throw new Error(`not parsed: ${out.status}`);
  return out.file;
}

function model(text: string, path = 't.yaml'): { account: Account; p: (id: string) => Principal } {
  const account = accountOf(load(text, path), TODAY);
  return {
    account,
    p: (id) => {
      const found = account.principals.find((x) => x.id === id);
      if (!found) throw new Error(`no principal ${id}`);
      return found;
    },
  };
}

const all = (action: string, entity: 'role' | 'any' = 'any', service?: string): Request => ({
  action,
  target: { kind: 'all', entity },
  ...(service === undefined ? {} : { context: new Map([['iam:passedtoservice', service]]) }),
});

const TRUST = `
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole`;

function role(id: string, statements: string, extra = ''): string {
  return `
  ${id}:
    Type: AWS::IAM::Role
    Properties:${TRUST}${extra}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
${statements}`;
}

const ALLOW_ALL = `              - Effect: Allow
                Action: "*"
                Resource: "*"`;

describe('effective permissions', () => {
  it('an explicit Deny in another policy of the same role wins over an inline Allow', () => {
    const { account, p } = model(`Resources:${role('R', ALLOW_ALL)}
  D:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: d
      Roles: [!Ref R]
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: iam:PassRole
            Resource: "*"
`);
    expect(account.allows(p('R'), all('iam:PassRole', 'role')).verdict).toBe('no');
    const s3 = account.allows(p('R'), all('s3:GetObject'));
    expect(s3.verdict).toBe('yes');
    expect(s3.verdict === 'yes' && s3.grants[0]?.statement.path).toBe('Statement[0]');
  });

  it('a Deny with NotAction denies everything it does not list', () => {
    const { account, p } = model(
      `Resources:${role(
        'R',
        `${ALLOW_ALL}
              - Effect: Deny
                NotAction: [s3:*]
                Resource: "*"`,
      )}`,
    );
    expect(account.allows(p('R'), all('iam:PassRole', 'role')).verdict).toBe('no');
    expect(account.allows(p('R'), all('s3:GetObject')).verdict).toBe('yes');
  });

  it('a permissions boundary caps the Allow; an unreadable boundary makes it unknown', () => {
    const { account, p } =
      model(`Resources:${role('R', ALLOW_ALL, '\n      PermissionsBoundary: !Ref B')}${role('U', ALLOW_ALL, '\n      PermissionsBoundary: !ImportValue Boundary')}
  B:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:*
            Resource: "*"
`);
    expect(account.allows(p('R'), all('s3:GetObject')).verdict).toBe('yes');
    expect(account.allows(p('R'), all('iam:PutRolePolicy', 'role')).verdict).toBe('no');
    expect(account.allows(p('U'), all('s3:GetObject')).verdict).toBe('unknown');
  });

  it('users get the policies of their groups (Groups and UserToGroupAddition)', () => {
    const { account, p } = model(`Resources:
  G:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      Policies:
        - PolicyName: g
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: "*"
  U1:
    Type: AWS::IAM::User
    Properties:
      Groups: [admins]
  U2:
    Type: AWS::IAM::User
  U3:
    Type: AWS::IAM::User
  Add:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref G
      Users: [!Ref U2]
`);
    const ask = (id: string) => account.allows(p(id), { action: 'iam:CreateAccessKey', target: { kind: 'all', entity: 'user' } });
    expect(ask('U1').verdict).toBe('yes');
    expect(ask('U2').verdict).toBe('yes');
    expect(ask('U3').verdict).toBe('no');
    const g = ask('U1');
    expect(g.verdict === 'yes' && g.grants[0]?.notes).toContain('through group G');
  });

  it('managed policies of the template (ManagedPolicyArns and Roles) and AWS managed policies by ARN', () => {
    const { account, p } = model(`Resources:
  A:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [!Ref M]
  B:
    Type: AWS::IAM::Role
    Properties:${TRUST}
  C:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [!Sub "arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess"]
  E:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/external]
  M:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref B]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ec2:RunInstances
            Resource: "*"
`);
    expect(account.allows(p('A'), all('ec2:RunInstances')).verdict).toBe('yes');
    expect(account.allows(p('B'), all('ec2:RunInstances')).verdict).toBe('yes');
    const c = account.allows(p('C'), all('iam:PassRole', 'role'));
    expect(c.verdict === 'yes' && c.grants[0]?.attachment.managed).toBe('AdministratorAccess');
    expect(adminAccess(account, p('C'))?.kind).toBe('full');
    // A customer managed policy outside the template may allow anything: never "no".
    expect(account.allows(p('E'), all('ec2:RunInstances')).verdict).toBe('unknown');
    expect(
      account
        .principalsOf(p('A').policies[0]!.doc)
        .map((x) => x.id)
        .sort(),
    ).toEqual(['A', 'B']);
  });

  it('a conditional Deny narrows only when its condition exactly restricts the request', () => {
    const { account, p } = model(
      `Resources:${role(
        'R',
        `              - Effect: Allow
                Action: [iam:PassRole, ec2:RunInstances, lambda:CreateFunction, lambda:InvokeFunction]
                Resource: "*"
              - Effect: Deny
                Action: iam:PassRole
                Resource: "*"
                Condition:
                  StringNotEquals: { iam:PassedToService: ec2.amazonaws.com }
              - Effect: Deny
                Action: ec2:RunInstances
                Resource: "*"
                Condition:
                  NotIpAddress: { aws:SourceIp: 10.0.0.0/8 }`,
      )}`,
    );
    const r = p('R');
    expect(account.allows(r, all('iam:PassRole', 'role', 'ec2.amazonaws.com')).verdict).toBe('yes');
    expect(account.allows(r, all('iam:PassRole', 'role', 'lambda.amazonaws.com')).verdict).toBe('no');
    // The key absent: StringNotEquals is true, so the Deny applies.
    const absent: Request = { ...all('iam:PassRole', 'role'), context: new Map([['iam:passedtoservice', undefined]]) };
    expect(account.allows(r, absent).verdict).toBe('no');
    // A Deny on an unrelated condition narrows nothing.
    expect(account.allows(r, all('ec2:RunInstances')).verdict).toBe('yes');
    expect(escalationPaths(account, r).map((m) => m.path.id)).toEqual(['ec2-001']);
  });

  it('unknown values never answer yes', () => {
    const { account, p } = model(`Parameters:
  Actions: { Type: String }
Resources:${role(
      'R',
      `              - Effect: Allow
                Action: !Ref Actions
                Resource: "*"`,
    )}`);
    expect(account.allows(p('R'), all('iam:PassRole', 'role')).verdict).toBe('unknown');
    expect(adminAccess(account, p('R'))).toBeUndefined();
  });

  it('a bare policy file is one statement set', () => {
    const { account } = model('{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}', 'p.json');
    expect(account.principals.map((x) => x.kind)).toEqual(['policy']);
    expect(adminAccess(account, account.principals[0]!)?.kind).toBe('iam');
  });

  it('works linearly: doubling the roles and their policies doubles the work', () => {
    const template = (n: number) => {
      let s = 'Resources:';
      for (let i = 0; i < n; i++)
        s += `${role(`R${i}`, ALLOW_ALL)}
  P${i}:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref R${i}]
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: s3:*
            Resource: "*"
`;
      return s;
    };
    const work = (n: number) => {
      const { account } = model(template(n));
      for (const p of account.principals) account.allows(p, all('iam:PassRole', 'role'));
      return account.work;
    };
    const w100 = work(100);
    const w200 = work(200);
    expect(w100).toBeGreaterThan(100);
    expect(w200).toBeGreaterThanOrEqual(2 * w100 - 10);
    expect(w200).toBeLessThanOrEqual(2 * w100 + 10);
  });

  it('lateral moves stay linear: each role may write the next one, twice the roles is about twice the work', () => {
    const template = (n: number) => {
      let s = 'Resources:';
      for (let i = 0; i < n; i++)
        s += role(
          `R${i}`,
          `              - Effect: Allow
                Action: iam:PutRolePolicy
                Resource: !GetAtt R${(i + 1) % n}.Arn`,
        );
      return s;
    };
    const work = (n: number) => {
      const { account } = model(template(n));
      let moves = 0;
      for (const p of account.principals) moves += lateralMoves(account, p).length;
      expect(moves).toBe(n);
      return account.work;
    };
    const w200 = work(200);
    const w400 = work(400);
    expect(w400).toBeLessThanOrEqual(2.2 * w200);
  });
});

describe('privilege-escalation paths', () => {
  // The catalogue sits beside the checkout (../shared/research); where it is absent there is nothing to compare with.
  const catalogue = join(ROOT, '../shared/research/privesc-paths/data/paths');
  it.skipIf(!existsSync(catalogue))('the table matches the pathfinding.cloud YAML it is generated from', async () => {
    const gen = (await import(join(ROOT, 'scripts/gen-privesc-paths.mjs'))) as { readPaths: (d: string) => unknown[] };
    const fromYaml = gen.readPaths(catalogue);
    expect(fromYaml).toEqual(JSON.parse(JSON.stringify(PRIVESC_PATHS)));
    expect(PRIVESC_PATHS.find((x) => x.id === 'iam-005')?.permissions).toEqual([{ action: 'iam:PutRolePolicy', target: 'role', self: true }]);
  });
});

describe("resources matched by the action's resource types from the catalogue", () => {
  it('a pattern covers every resource of the action only when it takes in every ARN format of its required types', () => {
    expect(patternCoversAll('arn:aws:lambda:*:*:function:*', 'any', 'lambda', 'lambda:UpdateFunctionCode')).toBe(true);
    expect(patternCoversAll('arn:aws:lambda:*:*:function:app-*', 'any', 'lambda', 'lambda:UpdateFunctionCode')).toBe(false);
    expect(patternCoversAll('arn:aws:lambda:*:*:layer:*', 'any', 'lambda', 'lambda:UpdateFunctionCode')).toBe(false);
    // A Glue table is not a development endpoint (the rule of thumb "service ARN, then `type/*`" said it was).
    expect(patternCoversAll('arn:aws:glue:*:*:table/*', 'any', 'glue', 'glue:UpdateDevEndpoint')).toBe(false);
    expect(patternCoversAll('arn:aws:glue:*:*:devEndpoint/*', 'any', 'glue', 'glue:UpdateDevEndpoint')).toBe(true);
    // Instance ids all start with `i-`.
    expect(patternCoversAll('arn:aws:ec2:*:*:instance/i-*', 'any', 'ec2', 'ec2:StopInstances')).toBe(true);
    // RunInstances needs an image, a network interface, a security group, a subnet and a volume besides the instance.
    expect(patternCoversAll('arn:aws:ec2:*:*:instance/*', 'any', 'ec2', 'ec2:RunInstances')).toBe(false);
    expect(patternCoversAll('arn:aws:ec2:*:*:*', 'any', 'ec2', 'ec2:RunInstances')).toBe(true);
    // An S3 ARN can never be a role; a role ARN in any account is a role.
    expect(patternCoversAll('arn:aws:s3:::*', 'role', 'iam', 'iam:PassRole')).toBe(false);
    expect(patternCoversAll('arn:aws:iam::*:role/*', 'role', 'iam', 'iam:PassRole')).toBe(true);
  });

  it('several Resource values, or several statements, together can take in every required type', () => {
    const types = ['instance', 'image', 'network-interface', 'security-group', 'subnet', 'volume'];
    const list = (names: string[]) => names.map((t) => `\n                  - arn:aws:ec2:*:*:${t}/*`).join('');
    const { account, p } = model(
      `Resources:${role(
        'Full',
        `              - Effect: Allow
                Action: ec2:RunInstances
                Resource:${list(types)}`,
      )}${role(
        'Partial',
        `              - Effect: Allow
                Action: ec2:RunInstances
                Resource:${list(types.slice(0, 3))}`,
      )}${role(
        'Split',
        `              - Effect: Allow
                Action: ec2:RunInstances
                Resource:${list(types.slice(0, 3))}
              - Effect: Allow
                Action: ec2:*
                Resource:${list(types.slice(3))}`,
      )}${role(
        'SplitDenied',
        `              - Effect: Allow
                Action: ec2:RunInstances
                Resource: "*"
              - Effect: Deny
                Action: ec2:RunInstances
                Resource: arn:aws:ec2:*:*:subnet/*`,
      )}`,
    );
    expect(account.allows(p('Full'), all('ec2:RunInstances')).verdict).toBe('yes');
    expect(account.allows(p('Partial'), all('ec2:RunInstances')).verdict).toBe('no');
    // AWS authorizes each resource of the request: one statement may allow the subnets, another the instances.
    const split = account.allows(p('Split'), all('ec2:RunInstances'));
    expect(split.verdict).toBe('yes');
    expect(split.verdict === 'yes' && split.grants.length).toBe(2);
    expect(account.allows(p('SplitDenied'), all('ec2:RunInstances')).verdict).toBe('no');
  });
});

describe('conditions on what the caller sends', () => {
  it('an Allow that asks for a request tag grants whoever sends the tag, for actions that take tags only', () => {
    const tagged = (id: string, action: string) =>
      role(
        id,
        `              - Effect: Allow
                Action: ${action}
                Resource: "*"
                Condition:
                  StringEquals:
                    aws:RequestTag/CreatedBy: fast-launch`,
      );
    const { account, p } = model(`Resources:${tagged('Run', 'ec2:RunInstances')}${tagged('Pass', 'iam:PassRole')}`);
    const run = account.allows(p('Run'), all('ec2:RunInstances'));
    expect(run.verdict).toBe('yes');
    expect(run.verdict === 'yes' && run.grants[0]?.notes.join(' ')).toContain('aws:RequestTag/CreatedBy');
    // PassRole takes no tags: the key is absent from its requests, whatever the caller does.
    expect(account.allows(p('Pass'), all('iam:PassRole', 'role')).verdict).not.toBe('yes');
  });
});

describe('inputs lowered into the same model', () => {
  it('an authorization-details dump becomes roles, users, groups and managed policies with positions in the dump', () => {
    const text = JSON.stringify(
      {
        UserDetailList: [{ UserName: 'dev', Arn: 'arn:aws:iam::123456789012:user/dev', GroupList: ['ops'], AttachedManagedPolicies: [] }],
        GroupDetailList: [
          { GroupName: 'ops', GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'p', PolicyArn: 'arn:aws:iam::123456789012:policy/p' }] },
        ],
        RoleDetailList: [],
        Policies: [
          {
            PolicyName: 'p',
            Arn: 'arn:aws:iam::123456789012:policy/p',
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
              { VersionId: 'v2', IsDefaultVersion: true, Document: { Statement: [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }] } },
            ],
          },
        ],
      },
      null,
      2,
    );
    const file = load(text, 'dump.json');
    expect(file.template?.resources.get('dev')?.type).toBe('AWS::IAM::User');
    const account = accountOf(file, TODAY);
    const dev = account.principals.find((x) => x.id === 'dev');
    if (!dev) throw new Error('no dev');
    const a = account.allows(dev, { action: 'iam:CreateAccessKey', target: { kind: 'all', entity: 'user' } });
    expect(a.verdict).toBe('yes');
    // The default version's statement, at its place in the dump.
    const at = a.verdict === 'yes' ? a.grants[0]?.via?.node.range : undefined;
    expect(at && text.slice(at.start, at.end)).toBe('"iam:CreateAccessKey"');
    expect(account.allows(dev, all('s3:GetObject')).verdict).toBe('no');
  });

  it('a policy written as JSON inside Fn::Sub is parsed and evaluated', () => {
    const file = load(`Parameters:
  Act: { Type: String, Default: "iam:PassRole" }
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      Policies:
        - PolicyName: p
          PolicyDocument: !Sub '{"Statement": [{"Effect": "Allow", "Action": "\${Act}", "Resource": "arn:aws:iam::\${AWS::AccountId}:role/*"}]}'
`);
    const account = accountOf(file, TODAY);
    const r = account.principals.find((x) => x.id === 'R');
    if (!r) throw new Error('no R');
    const a = account.allows(r, all('iam:PassRole', 'role'));
    expect(a.verdict).toBe('yes');
    expect(a.verdict === 'yes' && a.grants[0]?.notes).toContain('the default of parameter Act');
  });

  it('a Condition chosen by Fn::If with an AWS::NoValue branch yields the statement without it too', () => {
    const file = load(`Conditions:
  C: !Equals [a, b]
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
                Condition: !If [C, { StringEquals: { iam:PassedToService: ec2.amazonaws.com } }, !Ref AWS::NoValue]
`);
    const sts = file.policies.filter((d) => d.kind === 'identity').flatMap((d) => d.statements);
    expect(sts.map((s) => [s.notes.join(), s.condition.clauses.length])).toEqual([
      ['when condition C is true', 1],
      ['when condition C is false', 0],
    ]);
    const account = accountOf(file, TODAY);
    const r = account.principals.find((x) => x.id === 'R');
    if (!r) throw new Error('no R');
    const lambda = account.allows(r, all('iam:PassRole', 'role', 'lambda.amazonaws.com'));
    expect(lambda.verdict === 'yes' && lambda.grants[0]?.notes).toEqual(['when condition C is false']);
  });

  it('infers the own account from ARNs of resources the template defines, not from any mention', async () => {
    const { inferredOwnAccounts } = await import('../src/model/trust.js');
    const file = load(`Resources:
  R:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      RoleName: app
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: [arn:aws:iam::111122223333:role/app, arn:aws:iam::444455556666:role/vendor, !Sub "arn:aws:lambda:us-east-1:777788889999:function:\${R}"]
`);
    expect([...inferredOwnAccounts(file.template)].sort()).toEqual(['111122223333', '777788889999']);
  });
});

describe('AWS managed policies as data', () => {
  const withManaged = (name: string) =>
    model(`Resources:
  R:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/${name}]
`);
  it.each([
    ['AdministratorAccess', 'full'],
    ['IAMFullAccess', 'iam'],
    ['PowerUserAccess', undefined],
  ])('%s makes the role admin: %s', (name, kind) => {
    const { account, p } = withManaged(name);
    expect(adminAccess(account, p('R'))?.kind).toBe(kind);
  });

  it('AWSDenyAll denies what another policy allows; a policy the data lacks keeps the answer unknown', () => {
    const { account, p } = model(`Resources:
  R:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess, arn:aws:iam::aws:policy/AWSDenyAll]
  S:
    Type: AWS::IAM::Role
    Properties:${TRUST}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
`);
    expect(account.allows(p('R'), all('s3:GetObject')).verdict).toBe('no');
    expect(account.allows(p('S'), all('s3:GetObject')).verdict).toBe('unknown');
  });

  it('PowerUserAccess completes the existing-compute paths of the catalogue, none that needs IAM', () => {
    const { account, p } = withManaged('PowerUserAccess');
    const ids = escalationPaths(account, p('R')).map((m) => m.path.id);
    expect(ids).toContain('lambda-003');
    expect(ids).toContain('ssm-002');
    expect(ids.filter((id) => id.startsWith('iam-'))).toEqual([]);
  });
});

describe('conditions on time, judged from the day of the run on', () => {
  const clause = (operator: string, key: string, value: string) => ({ operator, key, values: [{ parts: [value], notes: [] }] }) as unknown as Clause;
  const day = '2026-06-01';
  it('a date before every request to come never holds below it and always above it', () => {
    expect(timeVerdict(clause('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:01Z'), day)).toBe('never');
    expect(timeVerdict(clause('DateGreaterThan', 'aws:CurrentTime', '2020-01-01'), day)).toBe('always');
    expect(timeVerdict(clause('DateLessThan', 'aws:CurrentTime', '2099-01-01'), day)).toBe('sometimes');
    expect(timeVerdict(clause('DateGreaterThan', 'aws:CurrentTime', '2099-01-01'), day)).toBe('sometimes');
    expect(timeVerdict(clause('NumericLessThan', 'aws:EpochTime', '1577836800'), day)).toBe('never');
    expect(timeVerdict(clause('DateEquals', 'aws:CurrentTime', '1577836800'), day)).toBe('never');
  });
  it('temporary credentials outlive the day they were issued; long-term keys carry no issue time', () => {
    // Issued yesterday: a 36-hour session may still be valid today.
    expect(timeVerdict(clause('DateLessThan', 'aws:TokenIssueTime', '2026-05-31T12:00:00Z'), day)).toBe('sometimes');
    expect(timeVerdict(clause('DateLessThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z'), day)).toBe('never');
    // Absent for access keys: a plain DateGreaterThan does not hold for them, the IfExists form does.
    expect(timeVerdict(clause('DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01'), day)).toBe('sometimes');
    expect(timeVerdict(clause('DateGreaterThanIfExists', 'aws:TokenIssueTime', '2020-01-01'), day)).toBe('always');
    expect(timeVerdict(clause('DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01'), day)).toBe('sometimes');
  });
  it('other keys, set operators and values that are not dates are left to the rest of the evaluation', () => {
    expect(timeVerdict(clause('DateLessThan', 'aws:SourceIp', '2020-01-01'), day)).toBeUndefined();
    expect(timeVerdict(clause('ForAnyValue:DateLessThan', 'aws:CurrentTime', '2020-01-01'), day)).toBeUndefined();
    expect(timeVerdict(clause('DateLessThan', 'aws:CurrentTime', 'yesterday'), day)).toBeUndefined();
    expect(timeVerdict(clause('StringLike', 'aws:CurrentTime', '2020*'), day)).toBeUndefined();
  });
  it('an Allow that can no longer hold grants nothing; a Deny in force since a past date denies', () => {
    const doc = (cond: string, effect = 'Allow') =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
          { Effect: effect, Action: 'iam:PutRolePolicy', Resource: '*', Condition: JSON.parse(cond) },
        ].slice(effect === 'Allow' ? 1 : 0),
      });
    const ask = (text: string) => {
      const account = accountOf(load(text, 'p.json'), TODAY);
      const p = account.principals[0];
      if (!p) throw new Error('no principal');
      return account.allows(p, { action: 'iam:PutRolePolicy', target: { kind: 'all', entity: 'role' } }).verdict;
    };
    expect(ask(doc('{"DateLessThan":{"aws:CurrentTime":"2020-01-01"}}'))).toBe('no');
    expect(ask(doc('{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"}}'))).toBe('yes');
    expect(ask(doc('{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01"}}', 'Deny'))).toBe('no');
    expect(ask(doc('{"DateGreaterThan":{"aws:CurrentTime":"2099-01-01"}}', 'Deny'))).toBe('yes');
  });
});
