import type { Evaluator } from './intrinsics.js';
import { get, getEntry, isMap, isSeq, isString, type SNode } from './node.js';
import type { LaunchSpec } from './launch.js';
import { Spec } from './launch-spec.js';
import type { LineIndex } from './source.js';

/** Members of `RequestLaunchTemplateData`. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RequestLaunchTemplateData.html */
const LAUNCH_TEMPLATE_DATA_KEYS = new Set([
  'BlockDeviceMappings',
  'CapacityReservationSpecification',
  'CpuOptions',
  'CreditSpecification',
  'DisableApiStop',
  'DisableApiTermination',
  'EbsOptimized',
  'ElasticGpuSpecifications',
  'ElasticInferenceAccelerators',
  'EnclaveOptions',
  'HibernationOptions',
  'IamInstanceProfile',
  'ImageId',
  'InstanceInitiatedShutdownBehavior',
  'InstanceMarketOptions',
  'InstanceRequirements',
  'InstanceType',
  'KernelId',
  'KeyName',
  'LicenseSpecifications',
  'MaintenanceOptions',
  'MetadataOptions',
  'Monitoring',
  'NetworkInterfaces',
  'NetworkPerformanceOptions',
  'Operator',
  'Placement',
  'PrivateDnsNameOptions',
  'RamDiskId',
  'SecurityGroupIds',
  'SecurityGroups',
  'TagSpecifications',
  'UserData',
]);
/** Members only launch settings have: a map made of these and nothing else is launch-template data. */
const LAUNCH_SETTINGS = ['ImageId', 'InstanceType', 'MetadataOptions', 'IamInstanceProfile', 'UserData', 'InstanceRequirements'];
/** Around `LaunchTemplateData` in `create-launch-template(-version) --cli-input-json` and `get-launch-template-data` output. */
const CLI_INPUT_KEYS = new Set([
  'LaunchTemplateData',
  'LaunchTemplateName',
  'LaunchTemplateId',
  'VersionDescription',
  'SourceVersion',
  'ClientToken',
  'DryRun',
  'TagSpecifications',
  'Operator',
  'ResolveAlias',
]);

function isLaunchData(n: SNode | undefined): boolean {
  if (!isMap(n) || n.entries.length < 2) return false;
  if (!n.entries.every((e) => LAUNCH_TEMPLATE_DATA_KEYS.has(String(e.key.value)))) return false;
  if (!LAUNCH_SETTINGS.some((k) => get(n, k) !== undefined)) return false;
  const mo = get(n, 'MetadataOptions');
  const ud = get(n, 'UserData');
  return (mo === undefined || isMap(mo)) && (ud === undefined || isString(ud));
}

/**
 * Launch-template data files, recognised by content in the three shapes kept in repositories: the bare
 * `RequestLaunchTemplateData` (`--launch-template-data file://...`), the `--cli-input-json` shape
 * (`LaunchTemplateName` + `LaunchTemplateData`), and `describe-launch-template-versions` output
 * (`LaunchTemplateVersions[].LaunchTemplateData`).
 */
export function dataFileLaunch(root: SNode, ev: Evaluator, lines: LineIndex): LaunchSpec[] {
  if (!isMap(root)) return [];
  const name = (n: SNode | undefined) => {
    const s = get(n, 'LaunchTemplateName');
    return isString(s) ? s.value : undefined;
  };
  const versions = get(root, 'LaunchTemplateVersions');
  if (isSeq(versions)) {
    const out: LaunchSpec[] = [];
    versions.items.forEach((item, i) => {
      const d = getEntry(item, 'LaunchTemplateData');
      if (!d || !isMap(d.value)) return;
      const vn = get(item, 'VersionNumber');
      const n = name(item);
      const label = `${vn?.kind === 'scalar' ? `version ${String(vn.value)}` : 'a version'} of launch template ${n ?? '(unnamed)'}`;
      out.push(new Spec('dataFile', label, undefined, `LaunchTemplateVersions[${i}].LaunchTemplateData`, d.key, d.value, ev, lines));
    });
    return out;
  }
  const d = getEntry(root, 'LaunchTemplateData');
  if (d && isMap(d.value) && root.entries.every((e) => CLI_INPUT_KEYS.has(String(e.key.value)))) {
    const n = name(root);
    const label = n ? `launch template ${n}` : 'this launch template data';
    return [new Spec('dataFile', label, undefined, 'LaunchTemplateData', d.key, d.value, ev, lines, get(root, 'SourceVersion') !== undefined)];
  }
  if (isLaunchData(root)) return [new Spec('dataFile', 'this launch template data', undefined, '', root, root, ev, lines)];
  return [];
}
