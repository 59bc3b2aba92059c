/** The serviceaccounts controller: the `default` ServiceAccount in every namespace. */
export {
  missingServiceAccounts,
  type ServiceAccountControllerOptions,
  serviceAccountController,
  serviceAccountControllerWith,
} from './serviceaccounts-controller.js';
