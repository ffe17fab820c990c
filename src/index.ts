/**
 * iamlint's public API. Rules import only from here.
 * @packageDocumentation
 */
export { defineRule, LEVELS, levelRank } from './engine/types.js';
export type {
  Finding,
  FileResult,
  Level,
  LevelSetting,
  LoadedFile,
  Notification,
  Rule,
  RuleContext,
  RuleMeta,
  Settings,
  Report,
  Target,
  RunResult,
  Reporter,
} from './engine/types.js';
export { lintText, lintBytes, INVALID_INPUT, INVALID_SUPPRESSION, type LintOptions } from './engine/run.js';
export { grantsInThisFile, inThisFile } from './engine/locations.js';
export type { SNode, SScalar, SMap, SSeq } from './model/node.js';
export { get, getEntry, isMap, isSeq, isString, isScalar, asList, walkScalars, walkStrings, scalarString } from './model/node.js';
export type { PolicyDocument, Statement, Clause, Condition, Field, PrincipalEntry } from './model/policy.js';
export type { Val } from './model/value.js';
export { display, known, notesSuffix, symbolicText } from './model/value.js';
export type { Template, Resource } from './model/template.js';
export { grantsAction, grantsAnyAction } from './model/actions.js';
export { coversAllRoles, canBeRole } from './model/arn.js';
export { classifyPrincipal, THIS_ACCOUNT, type PrincipalClass } from './model/principals.js';
export { parseOperator, restriction, operatorWeakness, clausesFor, type Soundness } from './model/conditions.js';
export { passRoleGrants, passedToService, viaText, PASS_ROLE, PASSED_TO_SERVICE, type PassRoleGrant } from './model/passrole.js';
export {
  containsKeyId,
  findCredentials,
  maskSecret,
  mayHoldCredential,
  mayNameCredential,
  mentionsCredentialName,
  redactCredentials,
  siblingNames,
  type CredentialMatch,
} from './model/credentials.js';
export { locateInScalar } from './model/text-position.js';
export type { LaunchSpec, LaunchModel, LaunchKind, Setting, InstanceProfile, Role, RoleRef, ProfileAttachment, UserData, ImdsField } from './model/launch.js';
export { ec2CanAssume, IMDS_FIELDS, labelStart } from './model/launch.js';
export { noEchoInUserData, userDataWhere, type NoEchoUse, type UserDataSegment, type UserDataLocation } from './model/userdata.js';
export { findScriptSecrets, isSecretName, type ScriptSecret } from './model/script-secrets.js';
export { COMPUTE_WITH_ROLE, roleEscalation, type RoleEscalation } from './model/escalation.js';
