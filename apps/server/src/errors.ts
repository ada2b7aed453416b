/**
 * One error type for everything the API refuses. The code is the stable, documented contract
 * (clients localise by it); the HTTP status follows from the code, never chosen ad hoc.
 */
export const ERROR_STATUS = {
  'request.invalid': 400,
  'request.body_too_large': 413,
  'request.unsupported_media_type': 415,
  'request.rate_limited': 429,
  'auth.required': 401,
  'auth.session_expired': 401,
  'auth.invalid_credentials': 401,
  'auth.locked': 423,
  'auth.mfa_invalid': 401,
  'auth.mfa_required': 403,
  'auth.csrf_invalid': 403,
  'auth.forbidden': 403,
  'password.too_short': 422,
  'password.contains_username': 422,
  'password.common': 422,
  'password.current_wrong': 422,
  'user.username_taken': 409,
  'user.scope_invalid': 422,
  'user.enterprise_unknown': 422,
  'registration.enterprise_unknown': 422,
  'registration.pending_exists': 409,
  'resource.not_found': 404,
  'route.not_found': 404,
  'conflict.duplicate': 409,
  'conflict.state': 409,
  'enterprise.credit_code_invalid': 422,
  'enterprise.credit_code_taken': 409,
  'enterprise.grid_unknown': 422,
  'enterprise.industry_unknown': 422,
  'enterprise.location_outside_city': 422,
  'import.file_invalid': 422,
  'import.file_too_large': 413,
  'import.too_many_rows': 422,
  'import.encoding_invalid': 422,
  'import.unsupported_type': 415,
  'import.rows_invalid': 422,
  'import.columns_missing': 422,
  'import.file_missing': 400,
  'pagination.cursor_invalid': 400,
  'space.code_taken': 409,
  'permit.invalid_transition': 409,
  'permit.checklist_incomplete': 422,
  'permit.no_entrants': 422,
  'permit.gas_test_missing': 422,
  'permit.gas_test_failed': 422,
  'permit.gas_test_stale': 422,
  'permit.outside_window': 422,
  'permit.window_over': 422,
  'permit.window_invalid': 422,
  'permit.entrants_inside': 422,
  'permit.lock_open': 422,
  'permit.reason_required': 422,
  'permit.space_busy': 409,
  'permit.version_stale': 409,
  'inspection.version_stale': 409,
  'permit.lock_not_linked': 422,
  'permit.detector_not_linked': 422,
  'permit.detector_reading_stale': 422,
  'permit.gas_test_in_future': 422,
  'permit.attendant_missing': 422,
  'permit.attendant_is_entrant': 422,
  'permit.responsible_person_missing': 422,
  'permit.gas_test_future': 422,
  'permit.gas_test_before_suspension': 422,
  'permit.window_not_over': 409,
  'permit.status_forbids_unlock': 409,
  'permit.gas_alarm_open': 409,
  'alarm.already_resolved': 409,
  'alarm.dispatch_without_place': 422,
  'accident.deaths_mismatch': 422,
  'accident.date_in_future': 422,
  'grading.model_invalid': 422,
  'grading.model_version_exists': 409,
  'grading.model_not_draft': 409,
  'grading.no_active_model': 409,
  'finding.blank': 422,
  'document.type_unknown': 422,
  'document.findings_empty': 422,
  'document.value_too_long': 422,
  'document.value_blank': 422,
  'document.character_invalid': 422,
  'document.character_unprintable': 422,
  'document.date_invalid': 422,
  'document.date_in_future': 422,
  'document.deadline_in_past': 422,
  'document.deadline_not_working_day': 422,
  'document.time_range_invalid': 422,
  'document.font_unavailable': 503,
  'inspection.partner_invalid': 422,
  'inspection.not_participant': 403,
  'inspection.completed': 409,
  'inspection.provision_unknown': 422,
  'inspection.major_hazard_invalid': 422,
  'inspection.no_findings': 422,
  'inspection.finding_unknown': 422,
  'inspection.evidence_missing': 422,
  'inspection.evidence_empty': 422,
  'inspection.evidence_too_large': 413,
  'inspection.evidence_type_invalid': 422,
  'inspection.captured_at_invalid': 422,
  'inspection.captured_in_future': 422,
  'inspection.captured_too_early': 422,
  'hazard.client_id_reused': 422,
  'assessment.jurisdiction_level': 422,
  'assessment.month_in_future': 422,
  'assessment.recheck_done': 409,
  'assessment.range_reversed': 422,
  'assessment.range_too_long': 422,
  'hazard.version_stale': 409,
  'hazard.transition_not_allowed': 409,
  'hazard.evidence_required': 422,
  'hazard.note_required': 422,
  'hazard.deadline_required': 422,
  'hazard.deadline_in_past': 422,
  'hazard.deferral_invalid': 422,
  'hazard.deferral_pending': 409,
  'hazard.deferral_not_pending': 409,
  'hazard.not_overdue': 409,
  'hazard.already_escalated': 409,
  'hazard.stage_forbidden': 403,
  'hazard.major_hazard_invalid': 422,
  'hazard.patrol_task_invalid': 422,
  'hazard.found_in_future': 422,
  'hazard.photo_missing': 422,
  'hazard.photo_empty': 422,
  'hazard.photo_too_large': 413,
  'hazard.photo_type_invalid': 422,
  'hazard.photo_stage_invalid': 422,
  'hazard.photo_stage_closed': 409,
  'hazard.photo_limit': 409,
  'hazard.captured_at_invalid': 422,
  'hazard.captured_in_future': 422,
  'hazard.client_id_invalid': 422,
  'patrol.version_stale': 409,
  'patrol.task_not_open': 409,
  'patrol.already_checked_in': 409,
  'patrol.not_checked_in': 409,
  'patrol.checklist_submitted': 409,
  'patrol.location_implausible': 422,
  'patrol.time_in_future': 422,
  'patrol.due_date_past': 422,
  'patrol.inspector_not_in_charge': 422,
  'patrol.checklist_item_unknown': 422,
  'patrol.checklist_item_duplicate': 422,
  'patrol.checklist_incomplete': 422,
  'dispatch.step_forbidden': 403,
  'dispatch.invalid_transition': 409,
  'dispatch.version_stale': 409,
  'dispatch.note_required': 422,
  'dispatch.department_required': 422,
  'dispatch.department_unknown': 422,
  'dispatch.rating_required': 422,
  'dispatch.finder_missing': 422,
  'dispatch.grid_unknown': 422,
  'tip.outside_city': 422,
  'tip.too_many_photos': 422,
  'tip.photo_too_large': 413,
  'tip.photo_type_invalid': 422,
  'tip.client_id_conflict': 409,
  'service.unavailable': 503,
  'internal.unexpected': 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorParams = Record<string, string | number>;

export interface FieldProblem {
  /** JSON pointer into the request (e.g. "/body/creditCode"). */
  pointer: string;
  code: string;
  params?: ErrorParams;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (resource: string, id: string | number) =>
  new AppError('resource.not_found', { resource, id: String(id) });

export const invalidRequest = (fields: FieldProblem[]) => new AppError('request.invalid', {}, fields);

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}

/** The first problem names the error; all of them travel in `errors` so a form can mark every field. */
export function rejectFields(problems: FieldProblem[]): never {
  const first = problems[0]!;
  throw new AppError(isErrorCode(first.code) ? first.code : 'request.invalid', first.params ?? {}, problems);
}
