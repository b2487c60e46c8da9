import { DomainError, type ErrorCode, type ErrorDetails } from '../errors';

/**
 * A refusal whose writes are kept: the dispatcher commits the transaction (with its audit records) and only then
 * answers with the error. Sign-in uses it so a wrong password still counts towards lockout and is audited.
 */
export class RecordedRefusal extends DomainError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, details);
  }
}
