/**
 * What can go wrong in the service, in the service's terms. The web layer turns each kind into
 * its HTTP status and problem JSON; the CLI into an exit code.
 */
/** The database's own failures (ADR 0020), for the layers above the service, which do not see the store. */
export { DatabaseFault, DatabaseUnreachableError, type AvailabilityChange, type DatabaseFaultKind } from '../store/database.js';

export type ServiceErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'stale' | 'refused' | 'too-large' | 'conflict';

export interface FieldIssue {
  readonly name: string;
  readonly reason: string;
}

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly extra: {
      readonly clause?: string;
      readonly issues?: readonly FieldIssue[];
      readonly problems?: readonly { readonly message: string; readonly clause?: string }[];
      readonly currentVersion?: number;
    } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): ServiceError => new ServiceError('not-found', `There is no ${what} with that id that you may see`);
