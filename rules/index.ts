import type { Rule } from '../src/index.js';
import hardcodedCredentials from './credentials/hardcoded-credentials.js';
import invalidInput from './engine/invalid-input.js';
import invalidSuppression from './engine/invalid-suppression.js';
import passroleMissingPassedToService from './passrole/passrole-missing-passed-to-service.js';
import passroleWildcardResource from './passrole/passrole-wildcard-resource.js';
import trustCrossAccountWithoutExternalId from './trust/trust-cross-account-without-external-id.js';
import trustOidcUnscoped from './trust/trust-oidc-unscoped.js';
import trustWildcardPrincipal from './trust/trust-wildcard-principal.js';

/** Every rule, in the order of the docs. */
export const rules: readonly Rule[] = [
  passroleWildcardResource,
  passroleMissingPassedToService,
  trustWildcardPrincipal,
  trustCrossAccountWithoutExternalId,
  trustOidcUnscoped,
  hardcodedCredentials,
  invalidInput,
  invalidSuppression,
] as Rule[];
