import type { Action, Role } from '@safegrid/contracts/values';
import { ACTIONS } from '@safegrid/contracts/values';
import { AppError } from '../../errors';

/**
 * Who may do what, in one table (role × action). Where an action touches an object, the object
 * must also lie in the actor's jurisdiction scope; repositories apply that in SQL (scope.ts).
 *
 * Separation of duties (三员分立, GB/T 22239 level 3): the city admin manages accounts but cannot
 * read the audit trail; the auditor reads the trail and nothing else.
 */
export const POLICY: Readonly<Record<Action, readonly Role[]>> = {
  'jurisdiction.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
  ],
  'enterprise.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  'enterprise.create': ['city_admin', 'district_officer', 'street_officer'],
  'enterprise.update': ['city_admin', 'district_officer', 'street_officer'],
  'enterprise.export': [
    'city_admin',
    'district_officer',
    'street_officer',
    'enforcement_officer',
    'approver',
  ],
  // Bulk import writes anywhere in the city, so it stays with the city admin.
  'enterprise.import': ['city_admin'],
  'device.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  // Issuing a device's broker secret: whoever holds it can speak as that detector or lock.
  'device.manage': ['city_admin'],
  'user.read': ['city_admin'],
  'user.manage': ['city_admin'],
  'registration.review': ['street_officer'],
  'audit.read': ['auditor'],
  'audit.export': ['auditor'],
  // Confined spaces: regulators see what lies in their jurisdiction; the enterprise keeps its own
  // ledger and runs its own permits (令第13号 makes the enterprise responsible for the work).
  'confined.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  'confined.manage': ['enterprise'],
  'permit.apply': ['enterprise'],
  // The enterprise's responsible person approves (作业审批); regulators supervise, they do not approve.
  'permit.approve': ['enterprise'],
  'alarm.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  // First the enterprise's safety officer, then (escalated) the street and district officers.
  'alarm.handle': ['enterprise', 'street_officer', 'district_officer', 'city_admin'],
  // Turning an alarm into a hazard: the officers who handle alarms and may also report hazards
  // (the city admin handles alarms but reports no hazards; the enterprise would report itself).
  'alarm.report_hazard': ['street_officer', 'district_officer'],
  // The regulation library and the clause matcher: public law, useful to every working role
  // (an enterprise checks itself against the same articles an officer cites).
  'regulation.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  // Official enforcement documents (执法文书) carry the bureau's authority: only enforcement officers
  // issue them; those who supervise or approve enforcement read them. The public checks a printed
  // document by its verification code, which reveals no content (no action needed).
  'document.issue': ['enforcement_officer'],
  'document.read': ['enforcement_officer', 'approver', 'district_officer', 'city_admin'],
  // On-site inspection: the two officers conduct it; those who supervise enforcement read it.
  'inspection.conduct': ['enforcement_officer'],
  'inspection.read': ['enforcement_officer', 'approver', 'district_officer', 'city_admin'],
  // Patrols: the grid inspector walks them; street and district officers plan, reassign and add
  // ad-hoc tasks, and read them with the city admin.
  'patrol.read': ['grid_inspector', 'street_officer', 'district_officer', 'city_admin'],
  'patrol.conduct': ['grid_inspector'],
  'patrol.plan': ['street_officer', 'district_officer', 'city_admin'],
  // Hazards: found by inspectors (and officers), rectified by the enterprise (整改 is its duty),
  // verified by the grid's inspector or the street officer, supervised (deadlines, deferral,
  // escalation, withdrawal) by the street and district officers.
  'hazard.read': [
    'grid_inspector',
    'street_officer',
    'district_officer',
    'city_admin',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  'hazard.report': ['grid_inspector', 'street_officer', 'district_officer', 'enforcement_officer'],
  'hazard.rectify': ['enterprise'],
  'hazard.verify': ['grid_inspector', 'street_officer'],
  'hazard.supervise': ['street_officer', 'district_officer'],
  // Assessment (考核) is the supervisors' view of the inspectors: the inspectors themselves are
  // assessed, not assessors. Re-checks of closed hazards are done by (another) grid inspector.
  'assessment.read': ['street_officer', 'district_officer', 'city_admin'],
  'assessment.recheck': ['grid_inspector'],
  // Dispatch (分拨): events land at the street, so street officers triage, dispatch, verify and
  // evaluate; the handling party (a street officer or the grid's inspector, while departments have
  // no accounts) accepts and feeds back. Grid inspectors see their grid's events; district and city
  // officers read to supervise. Inspectors and officers report events found on patrol, and
  // officers above the street pass down a superior's instruction (上级交办).
  'dispatch.read': ['city_admin', 'district_officer', 'street_officer', 'grid_inspector'],
  'dispatch.report': ['city_admin', 'district_officer', 'street_officer', 'grid_inspector'],
  'dispatch.triage': ['street_officer'],
  'dispatch.handle': ['street_officer', 'grid_inspector'],
  // The enterprise profile and grade: regulators in scope, and the enterprise its own (it improves
  // by seeing why it scored as it did). Officers record what other systems know (accidents); the
  // city admin publishes grading-model versions, after a dry run.
  'profile.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  'profile.record': ['street_officer', 'district_officer', 'enforcement_officer', 'city_admin'],
  'grading.manage': ['city_admin'],
  // Objections (异议) to a grading input: the enterprise files them about its own grade; the
  // street (or district) officer who supervises it decides.
  'profile.object': ['enterprise'],
  // The enterprise declares its own safety management and inherent risks (it knows them first-hand).
  'profile.declare': ['enterprise'],
  'profile.review': ['street_officer', 'district_officer'],
  // Notices about the records in one's scope; the auditor reads the audit trail and nothing else.
  'notice.read': [
    'city_admin',
    'district_officer',
    'street_officer',
    'grid_inspector',
    'enforcement_officer',
    'approver',
    'enterprise',
  ],
  // Safety service packages: the officers who supervise an area generate them for it and read
  // their effect; only the enterprise itself acknowledges what was delivered to it (已阅知).
  'service.manage': ['street_officer', 'district_officer', 'city_admin'],
  'service.acknowledge': ['enterprise'],
  // Enforcement plans and the 双随机 draw: officers and approvers of the bureau prepare and draw;
  // the approver alone publishes (an officer may be drawn into a pair, so one who drew should not
  // also make the draw final); those who supervise enforcement read.
  'enforcement_plan.read': ['enforcement_officer', 'approver', 'district_officer', 'city_admin'],
  'enforcement_plan.manage': ['enforcement_officer', 'approver'],
  'enforcement_plan.publish': ['approver'],
  // Enforcement cases: the two officers handle them (承办人); approvers review filing and decision
  // (审核, 负责人) and may never be handlers; those who supervise enforcement read.
  'case.read': ['enforcement_officer', 'approver', 'district_officer', 'city_admin'],
  'case.handle': ['enforcement_officer'],
  'case.approve': ['approver'],
  // The holiday calendar decides enforcement's working-day deadlines: those who set, approve or
  // supervise them read it; the city admin keeps it.
  'holiday_calendar.read': ['city_admin', 'district_officer', 'enforcement_officer', 'approver'],
  'holiday_calendar.manage': ['city_admin'],
  // Enforcement statistics: the roles that read inspections and cases, each over its own scope.
  // Not the auditor, who reads the audit trail and nothing else (三员分立).
  'enforcement_statistics.read': ['enforcement_officer', 'approver', 'district_officer', 'city_admin'],
};

export function can(role: Role, action: Action): boolean {
  return POLICY[action].includes(role);
}

export function permissionsOf(role: Role): Action[] {
  return ACTIONS.filter((action) => can(role, action));
}

/** The first line of every use case: a role that may never do this gets 403 before any lookup. */
export function authorize(actor: { role: Role }, action: Action): void {
  if (!can(actor.role, action)) throw new AppError('auth.forbidden', { action });
}
