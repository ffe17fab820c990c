/** Without the HCL parser (its WASM missing from a broken install), `.tf` files are unreadable with the reason, never silently clean. */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lintText } from '../src/index.js';
import { setTerraformHost, setTerraformProblem } from '../src/loaders/terraform/hcl.js';

describe('Terraform without its parser', () => {
  it('reports each .tf file as invalid input naming the reason', () => {
    setTerraformHost(undefined);
    setTerraformProblem('Cannot read Terraform files: the HCL parser could not be loaded (no wasm)');
    const r = lintText('main.tf', 'resource "aws_iam_policy" "p" {}\n', {
      rules,
      levels: new Map(),
      ruleOptions: new Map(),
      settings: { ownAccounts: [], today: '2026-12-02' },
    });
    expect(r.status).toBe('error');
    expect(r.findings.map((f) => [f.ruleId, f.message.includes('HCL parser could not be loaded')])).toEqual([['invalid-input', true]]);
    setTerraformProblem(undefined);
  });
});
