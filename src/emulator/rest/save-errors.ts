/**
 * Per-record errors as result objects show them (`{statusCode, message, fields}`, where REST error
 * bodies say `errorCode`), and the marker Salesforce puts on records an all-or-none call rolled back.
 *
 * @module
 */
import { RestFailure } from '../http/errors.js';

/** One error of a per-record result. */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** The per-record errors of a failed write; anything but a {@link RestFailure} is rethrown (a 500). */
export function saveErrors(error: unknown): SaveError[] {
  if (!(error instanceof RestFailure)) throw error;
  return error.errors.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }));
}

/** The error of a record that was valid but rolled back because another one failed. */
export function rolledBack(): SaveError[] {
  return [{
    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
    fields: [],
  }];
}
