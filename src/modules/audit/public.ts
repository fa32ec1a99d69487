/** What other modules may use of the audit: an erasure takes the person out of the audit trail too. */
export { scrubPersonFromAudit } from './audit.service';
