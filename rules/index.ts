import type { Rule } from '../src/index.js';
import hardcodedCredentials from './credentials/hardcoded-credentials.js';
import adminAccess from './iam/admin-access.js';
import privilegeEscalation from './iam/privilege-escalation.js';
import invalidInput from './engine/invalid-input.js';
import invalidSuppression from './engine/invalid-suppression.js';
import duplicateKey from './input/duplicate-key.js';
import imdsHopLimit from './launch/imds-hop-limit.js';
import imdsv2NotRequired from './launch/imdsv2-not-required.js';
import instanceProfileRoleCount from './launch/instance-profile-role-count.js';
import instanceProfileUntrustedRole from './launch/instance-profile-untrusted-role.js';
import instanceRolePassroleEscalation from './launch/instance-role-passrole-escalation.js';
import launchConfigurationDeprecated from './launch/launch-configuration-deprecated.js';
import userdataSecret from './launch/userdata-secret.js';
import passroleMissingPassedToService from './passrole/passrole-missing-passed-to-service.js';
import passroleWildcardResource from './passrole/passrole-wildcard-resource.js';
import trustCrossAccountWithoutExternalId from './trust/trust-cross-account-without-external-id.js';
import trustOidcUnscoped from './trust/trust-oidc-unscoped.js';
import trustWildcardPrincipal from './trust/trust-wildcard-principal.js';
import unknownAction from './policy/unknown-action.js';
import invalidPolicy from './policy/invalid-policy.js';

/** Every rule, in the order of the docs. */
export const rules: readonly Rule[] = [
  passroleWildcardResource,
  passroleMissingPassedToService,
  trustWildcardPrincipal,
  trustCrossAccountWithoutExternalId,
  trustOidcUnscoped,
  hardcodedCredentials,
  imdsv2NotRequired,
  imdsHopLimit,
  userdataSecret,
  instanceProfileUntrustedRole,
  instanceProfileRoleCount,
  instanceRolePassroleEscalation,
  adminAccess,
  privilegeEscalation,
  launchConfigurationDeprecated,
  unknownAction,
  invalidPolicy,
  duplicateKey,
  invalidInput,
  invalidSuppression,
] as Rule[];
