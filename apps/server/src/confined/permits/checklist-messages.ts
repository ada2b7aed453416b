import type { ChecklistItemId } from './permit-checklist';

/**
 * Labels for the permit checklist, to be merged into the web catalogues. They are our own short
 * wording of what the attendant confirms, not legal text: the UI shows the cited article itself
 * (checklistArticleText) beside each label, so nobody mistakes a label for the regulation.
 * Keyed by the full messageKey so a merge cannot attach a label to the wrong item.
 */
type ChecklistMessageKey = `permit.checklist.${ChecklistItemId}`;

const zhCN: Record<ChecklistMessageKey, string> = {
  'permit.checklist.ventilate_first': '已先行通风',
  'permit.checklist.test_before_entry': '通风后已做气体检测，结果合格，方可进入',
  'permit.checklist.isolation_done': '已落实必要的隔断、清除、置换等措施',
  'permit.checklist.safety_briefing_done': '已对作业人员进行安全交底',
  'permit.checklist.ppe_checked': '防护用品已检查，能够正常使用',
  'permit.checklist.rescue_equipment_ready': '作业现场已配备必要的应急救援装备',
  'permit.checklist.continuous_monitoring': '作业过程中有专人持续通风和检测气体浓度',
  'permit.checklist.attendant_present': '监护人员全程在场监护，不进入有限空间作业',
  'permit.checklist.warning_sign_posted': '出入口已设置明显的安全警示标志',
  'permit.checklist.entrants_trained': '作业人员和监护人员均已培训合格',
};

const en: Record<ChecklistMessageKey, string> = {
  'permit.checklist.ventilate_first': 'The space has been ventilated first',
  'permit.checklist.test_before_entry': 'Gas tested after ventilation and passed before anyone enters',
  'permit.checklist.isolation_done': 'Necessary isolation, cleaning and purging are done',
  'permit.checklist.safety_briefing_done': 'Entrants have been given the safety briefing',
  'permit.checklist.ppe_checked': 'Protective equipment checked and working',
  'permit.checklist.rescue_equipment_ready': 'Necessary rescue equipment is on site',
  'permit.checklist.continuous_monitoring':
    'A named person keeps ventilating and measuring gas throughout the work',
  'permit.checklist.attendant_present':
    'The attendant stays on site for the whole job and does not enter the space to work',
  'permit.checklist.warning_sign_posted': 'A clear safety warning sign is posted at the entrance',
  'permit.checklist.entrants_trained':
    'Entrants and the attendant have passed confined-space safety training',
};

export const CHECKLIST_MESSAGES: { 'zh-CN': Record<string, string>; en: Record<string, string> } = {
  'zh-CN': zhCN,
  en,
};
