import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { loadText } from '../src/loaders/load.js';
import { lintText, type LintOptions, type Settings } from '../src/index.js';
import { decodeBase64 } from '../src/model/userdata.js';
import { findScriptSecrets, isSecretName } from '../src/model/script-secrets.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function load(path: string, text: string) {
  const r = loadText(path, text);
  if (r.status !== 'parsed') throw new Error(`${path} not parsed: ${r.status}`);
  return r;
}

function lint(path: string, text: string, ruleId: string, settings: Partial<Settings> = {}) {
  const opts: LintOptions = {
    rules: rules.filter((r) => r.id === ruleId),
    levels: new Map(),
    ruleOptions: new Map(),
    settings: { ownAccounts: [], today: '2026-11-23', ...settings },
  };
  return lintText(path, text, opts).findings.map((f) => `${f.region.startLine} ${f.messageId}`);
}

describe('launch-template data files are recognised by content', () => {
  it('reads the three shapes', () => {
    expect(load('a.json', '{"ImageId": "ami-1", "InstanceType": "t3.micro"}').kind).toBe('launch-template-data');
    expect(load('b.json', '{"LaunchTemplateName": "x", "LaunchTemplateData": {"ImageId": "ami-1"}}').kind).toBe('launch-template-data');
    const v = load(
      'c.json',
      '{"LaunchTemplateVersions": [{"VersionNumber": 1, "LaunchTemplateData": {"ImageId": "ami-1"}}, {"LaunchTemplateData": {"UserData": ""}}]}',
    );
    expect(v.kind).toBe('launch-template-data');
    expect(v.file.launch.specs.map((s) => s.label)).toEqual(['version 1 of launch template (unnamed)', 'a version of launch template (unnamed)']);
  });

  it('leaves other data alone', () => {
    // One key is not enough to tell; unknown members rule it out; a policy stays a policy.
    expect(load('a.json', '{"ImageId": "ami-1"}').file.launch.specs).toHaveLength(0);
    expect(load('b.json', '{"ImageId": "ami-1", "InstanceType": "t3.micro", "MinCount": 1}').file.launch.specs).toHaveLength(0);
    expect(load('c.yaml', 'name: web\nImageId: ami-1\nInstanceType: t3.micro\n').file.launch.specs).toHaveLength(0);
    const p = load('d.json', '{"Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}]}');
    expect(p.kind).toBe('policy');
    expect(p.file.launch.specs).toHaveLength(0);
  });
});

describe('IMDS settings follow the launch template, field by field', () => {
  const template = (instance: string, lt: string) => `Resources:
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
${lt}
  I:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate: { LaunchTemplateId: !Ref LT, Version: "1" }
${instance}
`;
  it('an instance value wins over the template, an absent one inherits it', () => {
    const t = load(
      't.yaml',
      template('      MetadataOptions: { HttpPutResponseHopLimit: 1 }', '        MetadataOptions: { HttpTokens: required, HttpEndpoint: enabled }'),
    );
    const [lt, i] = t.file.launch.specs;
    expect(i?.setting('tokens').map((s) => [s.value, s.from === lt])).toEqual([['required', true]]);
    expect(i?.setting('hopLimit').map((s) => [s.value, s.from === i])).toEqual([['1', true]]);
  });

  it('a launch template outside the template is unknown', () => {
    const t = load(
      't.yaml',
      'Parameters:\n  Id: { Type: String }\nResources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      LaunchTemplate: { LaunchTemplateId: !Ref Id, Version: "1" }\n',
    );
    expect(t.file.launch.specs[0]?.setting('tokens').map((s) => s.value)).toEqual([null]);
  });

  it('imdsv2AccountDefault silences omissions, not an explicit optional', () => {
    const text =
      'Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties: { ImageId: ami-1 }\n  B:\n    Type: AWS::EC2::Instance\n    Properties:\n      MetadataOptions: { HttpTokens: optional }\n';
    expect(lint('t.yaml', text, 'imdsv2-not-required')).toEqual(['2 notSet', '8 optional']);
    expect(lint('t.yaml', text, 'imdsv2-not-required', { imdsv2AccountDefault: true })).toEqual(['8 optional']);
  });
});

describe('EKS managed node groups', () => {
  /** A node group `Ng` on launch template `LT` (`lt` is its LaunchTemplateData), with extra node group properties and resources. */
  const nodegroup = (lt: string, ng: string, extra = '') => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: nodes
      LaunchTemplateData:
${lt}
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      NodeRole: !GetAtt Role.Arn
      Subnets: [subnet-1]
${ng.includes('ClusterName') ? '' : '      ClusterName: apps\n'}${ng}
${extra}`;
  const byName = '      LaunchTemplate: { Name: nodes }';

  it('launch from their launch template ({Id} or {Name}) and get NodeRole through the instance profile EKS creates', () => {
    for (const ref of ['      LaunchTemplate: { Id: !Ref LT, Version: !GetAtt LT.LatestVersionNumber }', byName]) {
      const t = load('t.yaml', nodegroup('        MetadataOptions: { HttpTokens: optional }', ref));
      const [lt, ng] = t.file.launch.specs;
      expect(ng?.kind).toBe('nodegroup');
      expect(ng?.setting('tokens').map((s) => [s.value, s.from === lt])).toEqual([['optional', true]]);
      expect(lt?.usedBy).toEqual(['EKS node group Ng']);
      const profile = ng?.profile?.profiles[0];
      expect(profile?.createdBy).toEqual({ service: 'EKS', path: 'Properties.NodeRole' });
      expect(profile?.roles.map((r) => r.role?.resource.id)).toEqual(['Role']);
      expect(t.file.launch.profiles).toContain(profile);
    }
  });

  it('without a launch template get settings EKS chooses: unknown, so nothing is reported', () => {
    const t = load('t.yaml', nodegroup('        ImageId: ami-1', '      AmiType: AL2_x86_64'));
    const ng = t.file.launch.specs.find((s) => s.kind === 'nodegroup');
    for (const field of ['tokens', 'endpoint', 'hopLimit'] as const) expect(ng?.setting(field).map((s) => s.value)).toEqual([null]);
  });

  it('an omitted HttpTokens is unknown only where every user is a node group that may run Amazon Linux 2023', () => {
    const notSet = (lt: string, ng: string, extra = '') => lint('t.yaml', nodegroup(lt, ng, extra), 'imdsv2-not-required');
    const hops = '        MetadataOptions: { HttpPutResponseHopLimit: 2 }';
    expect(notSet(hops, `${byName}\n      AmiType: AL2023_x86_64_STANDARD`)).toEqual([]);
    // No AmiType and no version: AL2023 is the default from 1.30 on.
    expect(notSet(hops, byName)).toEqual([]);
    expect(notSet(hops, `${byName}\n      Version: "1.29"`)).toEqual(['11 notSet']);
    // The cluster's version, by name or by `!Ref`; a number is not read (YAML makes `1.30` the number 1.3).
    const cluster = (v: string, name = 'apps') =>
      `  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties: { Name: ${name}, Version: ${v}, RoleArn: x, ResourcesVpcConfig: {} }\n`;
    expect(notSet(hops, byName, cluster('"1.30"'))).toEqual([]);
    expect(notSet(hops, byName, cluster('"1.29"'))).toEqual(['11 notSet']);
    expect(notSet(hops, byName, cluster('1.29'))).toEqual([]);
    expect(notSet(hops, byName.replace('Name: nodes', 'Id: !Ref LT') + '\n      ClusterName: !Ref Cluster', cluster('"1.29"', 'other'))).toEqual(['11 notSet']);
    // An AL2 branch answers IMDSv1.
    expect(notSet(hops, `${byName}\n      AmiType: !If [Arm, AL2023_ARM_64_STANDARD, AL2_x86_64]`, 'Conditions:\n  Arm: !Equals [a, b]\n')).toEqual([
      '11 notSet',
    ]);
    // An image of its own, or another user of the launch template: EC2's defaults.
    expect(notSet(`${hops}\n        ImageId: ami-1`, `${byName}\n      AmiType: AL2023_x86_64_STANDARD`)).toEqual(['11 notSet']);
    const instance = '  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      LaunchTemplate: { LaunchTemplateName: nodes, Version: "1" }\n';
    expect(notSet(hops, `${byName}\n      AmiType: AL2023_x86_64_STANDARD`, instance)).toEqual(['11 notSet']);
  });
});

describe('user data decoding', () => {
  it('decodes base64 and gzip, and refuses what is not base64 text', () => {
    expect(decodeBase64(b64('#!/bin/bash\necho hi\n'), false)).toEqual({ text: '#!/bin/bash\necho hi\n', encodings: ['base64'] });
    expect(decodeBase64(Buffer.from(gzipSync('#!/bin/sh\n')).toString('base64'), false)?.encodings).toEqual(['base64', 'gzip']);
    expect(decodeBase64('echo test', false)).toBeUndefined();
    expect(decodeBase64('echotest', false)).toBeUndefined();
    expect(decodeBase64(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64'), false)).toBeUndefined();
  });

  it('points into a YAML block exactly, and at the value with the decoded line for base64', () => {
    const block =
      'Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData:\n        Fn::Base64: |\n          #!/bin/bash\n          export DB_PASSWORD=Fake-Pass-1234\n';
    const r = load('t.yaml', block);
    const seg = r.file.launch.specs[0]?.userData?.segments()[0];
    const i = seg?.text.indexOf('Fake') ?? -1;
    const loc = seg?.locate(i, 14);
    expect(loc?.decodedLine).toBeUndefined();
    expect(block.slice(loc?.range.start, loc?.range.end)).toBe('Fake-Pass-1234');

    const encoded = `{"ImageId": "ami-1", "UserData": "${b64('#!/bin/bash\n\nexport DB_PASSWORD=Fake-Pass-1234\n')}"}`;
    const seg2 = load('d.json', encoded).file.launch.specs[0]?.userData?.segments()[0];
    const loc2 = seg2?.locate(seg2.text.indexOf('Fake'), 14);
    expect(loc2?.decodedLine).toBe(3);
    expect(encoded.slice(loc2?.range.start, loc2?.range.end)).toMatch(/^IyEv/);
  });

  it('keeps intrinsics as placeholders and joins Fn::Join parts', () => {
    const t = load(
      't.yaml',
      'Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData: !Base64\n        Fn::Join: ["", ["a=", !Ref AWS::Region, "\\n", !Sub "b=${AWS::StackName}"]]\n',
    );
    expect(t.file.launch.specs[0]?.userData?.segments().map((s) => s.text)).toEqual(['a=${Ref}\nb=${AWS::StackName}']);
  });

  it('splits MIME multipart, and decodes base64 parts', () => {
    const mime =
      'Content-Type: multipart/mixed; boundary="XX"\nMIME-Version: 1.0\n\n--XX\nContent-Type: text/x-shellscript\n\necho one\n--XX\nContent-Type: text/x-shellscript\nContent-Transfer-Encoding: base64\n\n' +
      b64('echo two\n') +
      '\n--XX--\n';
    const segs = load('d.json', JSON.stringify({ ImageId: 'ami-1', UserData: b64(mime) })).file.launch.specs[0]?.userData?.segments();
    expect(segs?.map((s) => [s.text.trim(), s.encodings.join('+')])).toEqual([
      ['echo one', 'base64+MIME part 1'],
      ['echo two', 'base64+MIME part 2+base64'],
    ]);
  });
});

describe('cloud-config write_files (read with js-yaml)', () => {
  it('decodes b64, gzip+base64 and !!binary contents, pointing at each content', () => {
    const cc = [
      '#cloud-config',
      'write_files:',
      '  - path: /etc/a',
      '    encoding: b64',
      `    content: ${b64('password = one-secret-value\n')}`,
      '  - path: /etc/b',
      '    encoding: gzip+base64',
      `    content: ${Buffer.from(gzipSync('token = two-secret-value\n')).toString('base64')}`,
      '  - path: /etc/c',
      `    content: !!binary ${b64('api_key = three-secret-value\n')}`,
      '  - path: /etc/d',
      '    content: plain text, not decoded',
      '',
    ].join('\n');
    const segs = load('d.json', JSON.stringify({ ImageId: 'ami-1', UserData: b64(cc) })).file.launch.specs[0]?.userData?.segments() ?? [];
    expect(segs.map((s) => [s.text.trim(), s.encodings.join('+')])).toEqual([
      [cc.trim(), 'base64'],
      ['password = one-secret-value', 'base64+cloud-config write_files+base64'],
      ['token = two-secret-value', 'base64+cloud-config write_files+base64+gzip'],
      ['api_key = three-secret-value', 'base64+cloud-config write_files+base64'],
    ]);
    // A match in a decoded file names its line in that file.
    for (const seg of segs.slice(1)) expect(seg.locate(seg.text.indexOf('='), 1).decodedLine).toBe(1);
  });

  it('a cloud-config that js-yaml cannot parse yields no decoded files (and no crash)', () => {
    const cc = `#cloud-config\nwrite_files:\n  - content: ${b64('x = 1\n')}\n    encoding: b64\n   bad: [\n`;
    const segs = load('d.json', JSON.stringify({ ImageId: 'ami-1', UserData: b64(cc) })).file.launch.specs[0]?.userData?.segments() ?? [];
    expect(segs).toHaveLength(1);
  });
});

describe('secrets in scripts', () => {
  it('names', () => {
    for (const n of ['DB_PASSWORD', 'dbPassword', 'PGPASSWORD', 'api_key', 'client-secret', 'GITHUB_TOKEN', 'passwd']) expect(isSecretName(n), n).toBe(true);
    for (const n of ['BYPASS', 'PASSWORD_FILE', 'SECRET_ID', 'TOKEN_TTL', 'KEY_NAME', 'AWS_SECRET_ACCESS_KEY', 'monkey'])
      expect(isSecretName(n), n).toBe(false);
  });

  it('values', () => {
    const found = (s: string) => findScriptSecrets(s).map((m) => s.slice(m.index, m.index + m.length));
    expect(found('export DB_PASSWORD="Fake-Pass-1"')).toEqual(['Fake-Pass-1']);
    expect(found('password: Fake-Pass-2')).toEqual(['Fake-Pass-2']);
    expect(found('/opt/x --password=Fake-Pass-3')).toEqual(['Fake-Pass-3']);
    expect(found('mysql -uroot -pFake-Pass-4 -e x')).toEqual(['Fake-Pass-4']);
    expect(found('url=https://u:Fake-Pass-5@example.com/')).toEqual(['Fake-Pass-5']);
    for (const s of [
      'DB_PASSWORD=$(aws ssm get-parameter --name x)',
      'DB_PASSWORD="${DbPassword}"',
      'DB_PASSWORD={{resolve:secretsmanager:x}}',
      'PASSWORD=<password>',
      'docker login --password-stdin',
      'TOKEN=$(curl -X PUT http://169.254.169.254/latest/api/token)',
      '[ "$PASS" == "x" ]',
      'auth: password',
    ])
      expect(found(s), s).toEqual([]);
  });

  it('never prints a whole secret', () => {
    for (const m of findScriptSecrets('DB_PASSWORD=Fake-Pass-6\nmysql -pabcd')) expect(m.masked).not.toContain('Fake-Pass-6');
  });
});
