import type {
  CaseFilingApprovalContent,
  InspectionRecordContent,
  PenaltyDecisionContent,
  PenaltyNoticeContent,
  RectificationOrderContent,
  ReinspectionOpinionContent,
  ServiceReceiptContent,
} from '@safegrid/contracts';

/**
 * Realistic inputs for every document type, shared by the tests and the benchmark. The officers,
 * certificate numbers and firms are invented; the provisions cited are real articles.
 */

export const OFFICERS: RectificationOrderContent['inspectors'] = [
  { name: '张晓明', certificateNo: '44030621001' },
  { name: '李卫东', certificateNo: '44030621017' },
];

export const APPEAL = { government: '深圳市宝安区', agency: '深圳市应急管理局', court: '深圳市宝安区' };

/** Findings of a workshop inspection, each with the provision it violates. */
export const FINDINGS: RectificationOrderContent['findings'] = [
  {
    description: '二号仓库安全出口处堆放纸箱等杂物，疏散通道宽度不足一米',
    provision: '《中华人民共和国安全生产法》第四十二条第二款',
  },
  {
    description: '污水处理站调节池（有限空间）入口未设置明显的安全警示标志',
    provision: '《工贸企业有限空间作业安全规定》第十一条',
  },
  {
    description: '新入职的三名冲压工未经安全生产教育和培训即上岗作业',
    provision: '《中华人民共和国安全生产法》第二十八条第一款',
  },
  {
    description: '喷涂车间存在较大危险因素，未设置明显的安全警示标志',
    provision: '《中华人民共和国安全生产法》第三十五条',
  },
  {
    description: '未建立事故隐患排查治理台账，未如实记录隐患排查治理情况',
    provision: '《中华人民共和国安全生产法》第四十一条第二款',
  },
  {
    description: '叉车司机未持特种作业操作证上岗作业',
    provision: '《中华人民共和国安全生产法》第三十条第一款',
  },
];

export function rectificationOrder(
  overrides: Partial<RectificationOrderContent> = {},
): RectificationOrderContent {
  return {
    findings: FINDINGS.slice(0, 3),
    deadline: '2026-12-15',
    legalBasis: '《中华人民共和国安全生产法》第六十五条第一款第（二）项',
    appeal: APPEAL,
    inspectors: OFFICERS,
    date: '2026-11-30',
    ...overrides,
  };
}

export function reinspectionOpinion(
  overrides: Partial<ReinspectionOpinionContent> = {},
): ReinspectionOpinionContent {
  return {
    originalDecision: { date: '2026-11-02', name: '责令限期整改', number: '（深宝安）应急责改〔2026〕8号' },
    opinion:
      '经复查，原指令所列第1、2项问题已整改完毕：安全出口杂物已清理，有限空间入口已设置安全警示标志。\n第3项问题未整改完毕，三名冲压工的安全生产教育和培训记录仍不完整。',
    inspectors: OFFICERS,
    date: '2026-11-30',
    ...overrides,
  };
}

export function inspectionRecord(overrides: Partial<InspectionRecordContent> = {}): InspectionRecordContent {
  return {
    legalRepresentative: '王建国',
    position: '总经理',
    phone: '0755-27780000',
    place: '冲压车间、二号仓库、污水处理站',
    startedAt: '2026-11-30T09:05',
    endedAt: '2026-11-30T10:40',
    findings:
      '1．二号仓库安全出口处堆放纸箱等杂物。\n2．污水处理站调节池入口未设置安全警示标志。\n3．抽查冲压车间三名新入职员工，均未提供安全生产教育和培训记录。',
    inspectors: OFFICERS,
    date: '2026-11-30',
    ...overrides,
  };
}

export function penaltyNotice(overrides: Partial<PenaltyNoticeContent> = {}): PenaltyNoticeContent {
  return {
    facts: '你单位未按规定对新入职的三名冲压工进行安全生产教育和培训，即安排其上岗作业。',
    evidence: '现场检查记录、询问笔录各一份，员工花名册复印件一份。',
    violatedProvisions: '《中华人民共和国安全生产法》第二十八条第一款',
    penaltyBasis: '《中华人民共和国安全生产法》第九十七条第（三）项',
    proposedPenalty: '罚款人民币三万元',
    address: '深圳市宝安区新安街道创业一路1号',
    contact: '陈敏',
    phone: '0755-27750000',
    postcode: '518101',
    date: '2026-11-30',
    ...overrides,
  };
}

export function penaltyDecision(overrides: Partial<PenaltyDecisionContent> = {}): PenaltyDecisionContent {
  return {
    postcode: '518101',
    legalRepresentative: '王建国',
    position: '总经理',
    phone: '0755-27780000',
    factsAndEvidence:
      '经查，你单位未按规定对新入职的三名冲压工进行安全生产教育和培训，即安排其上岗作业。\n以上事实有现场检查记录、询问笔录、员工花名册等证据为证。',
    violatedProvisions: '《中华人民共和国安全生产法》第二十八条第一款',
    penaltyBasis: '《中华人民共和国安全生产法》第九十七条第（三）项',
    penalty: '罚款人民币三万元',
    payTo: '深圳市宝安区财政局指定代收银行',
    account: '44201500000052500000',
    appeal: APPEAL,
    date: '2026-11-30',
    ...overrides,
  };
}

/** Filed on the day the 负责人 approves; the second 承办人 has no 执法证号 on the platform. */
export function caseFilingApproval(
  overrides: Partial<CaseFilingApprovalContent> = {},
): CaseFilingApprovalContent {
  return {
    cause: '涉嫌未按规定对从业人员进行安全生产教育和培训',
    source: '现场检查发现',
    sourceDate: '2026-11-16',
    caseName: '深圳市华强电子有限公司未按规定对从业人员进行安全生产教育和培训案',
    phone: '0755-27780000',
    legalRepresentative: '王建国',
    postcode: '518101',
    summary:
      '2026年11月16日现场检查发现，该单位新入职的三名冲压工未经安全生产教育和培训即上岗作业。\n经复查，该单位仍未提供上述人员的培训记录。',
    handling: {
      opinion: '当事人的行为涉嫌违反《中华人民共和国安全生产法》第二十八条第一款，建议立案调查。',
      officers: [OFFICERS[0]!, { name: OFFICERS[1]!.name }],
      date: '2026-11-27',
    },
    review: { opinion: '同意立案。', name: '陈敏', date: '2026-11-27' },
    approval: { opinion: '同意立案，由张晓明、李卫东承办。', name: '刘振华', date: '2026-11-30' },
    ...overrides,
  };
}

/** The notice and the order of one case, served together at the firm. */
export function serviceReceipt(overrides: Partial<ServiceReceiptContent> = {}): ServiceReceiptContent {
  const row = {
    place: '深圳市宝安区新安街道海旺社区宝安大道1号',
    date: '2026-11-30',
    method: '直接送达',
    servers: [OFFICERS[0]!.name, OFFICERS[1]!.name],
    recipient: '赵丽',
  };
  return {
    caseName: '深圳市华强电子有限公司未按规定对从业人员进行安全生产教育和培训案',
    documents: [
      { name: '行政处罚告知书', number: '（深宝安）应急罚告〔2026〕4号', ...row },
      { name: '责令限期整改指令书', number: '（深宝安）应急责改〔2026〕15号', ...row, date: '2026-11-27' },
    ],
    remarks: '赵丽系该单位办公室主任，代法定代表人签收。',
    ...overrides,
  };
}
