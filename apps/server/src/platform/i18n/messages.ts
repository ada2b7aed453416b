import type { ErrorCode } from '../../errors';

export type Locale = 'zh-CN' | 'en';

/**
 * Server-side texts for problem details. The web app has its own catalogue keyed by the same
 * codes; these exist so that API clients other than ours still get a readable sentence.
 */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Locale, string>> = {
  'assessment.jurisdiction_level': {
    'zh-CN': '考核只能按区或街道查看',
    en: 'Assessment is shown by district or street only',
  },
  'assessment.month_in_future': {
    'zh-CN': '{month} 尚未开始，没有可考核的记录',
    en: '{month} has not begun: there is nothing to assess yet',
  },
  'assessment.range_reversed': {
    'zh-CN': '结束月份早于开始月份',
    en: 'The last month lies before the first',
  },
  'assessment.range_too_long': {
    'zh-CN': '统计范围最长 {months} 个月',
    en: 'Statistics cover at most {months} months',
  },
  'duty.jurisdiction_level': {
    'zh-CN': '履职评分只能按市、区或街道查看',
    en: 'Duty scores are shown by city, district or street only',
  },
  'duty.month_in_future': {
    'zh-CN': '{month} 尚未开始，没有可评分的记录',
    en: '{month} has not begun: there is nothing to score yet',
  },
  'assessment.recheck_done': {
    'zh-CN': '这次抽查复核已记录结果，不能再改',
    en: 'This re-check already has its result; it cannot be changed',
  },
  'request.invalid': { 'zh-CN': '请求内容不符合要求', en: 'The request is not valid' },
  'request.body_too_large': { 'zh-CN': '请求内容过大', en: 'The request body is too large' },
  'request.unsupported_media_type': {
    'zh-CN': '不支持的内容类型',
    en: 'Unsupported content type',
  },
  'request.rate_limited': {
    'zh-CN': '请求过于频繁，请 {retryAfterSeconds} 秒后再试',
    en: 'Too many requests; try again in {retryAfterSeconds} s',
  },
  'auth.required': { 'zh-CN': '请先登录', en: 'Sign-in required' },
  'auth.session_expired': {
    'zh-CN': '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  'auth.invalid_credentials': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'auth.locked': {
    'zh-CN': '登录失败次数过多，账号已锁定，请 {retryAfterSeconds} 秒后再试或联系管理员解锁',
    en: 'Too many failed sign-ins: locked; try again in {retryAfterSeconds} s or ask an administrator to unlock',
  },
  'auth.mfa_invalid': { 'zh-CN': '动态验证码或恢复码错误', en: 'Wrong authentication or recovery code' },
  'auth.mfa_required': {
    'zh-CN': '请先完成双因素认证',
    en: 'Complete two-factor authentication first',
  },
  'auth.csrf_invalid': {
    'zh-CN': '请求校验失败，请刷新页面后重试',
    en: 'Request check failed; reload the page and try again',
  },
  'auth.forbidden': { 'zh-CN': '无权执行此操作', en: 'You may not do this' },
  'password.too_short': {
    'zh-CN': '密码至少需要 {min} 个字符',
    en: 'The password needs at least {min} characters',
  },
  'password.contains_username': {
    'zh-CN': '密码不能包含用户名',
    en: 'The password must not contain the username',
  },
  'password.common': {
    'zh-CN': '该密码过于常见，请换一个',
    en: 'This password is too common; choose another',
  },
  'password.current_wrong': { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'user.username_taken': { 'zh-CN': '用户名“{value}”已被使用', en: 'Username "{value}" is taken' },
  'user.scope_invalid': {
    'zh-CN': '管辖范围“{value}”不存在或不适用于该角色',
    en: 'Scope "{value}" does not exist or does not fit the role',
  },
  'user.enterprise_unknown': { 'zh-CN': '企业“{value}”不存在', en: 'Enterprise "{value}" does not exist' },
  'registration.enterprise_unknown': {
    'zh-CN': '未找到统一社会信用代码为“{value}”的企业',
    en: 'No enterprise with credit code "{value}" is registered',
  },
  'registration.pending_exists': {
    'zh-CN': '该企业或用户名已有待审核的注册申请',
    en: 'A registration for this enterprise or username is already pending',
  },
  'resource.not_found': { 'zh-CN': '未找到{resource}：{id}', en: '{resource} {id} not found' },
  'route.not_found': { 'zh-CN': '接口不存在', en: 'No such endpoint' },
  'conflict.duplicate': { 'zh-CN': '记录已存在', en: 'The record already exists' },
  'conflict.state': { 'zh-CN': '当前状态不允许此操作', en: 'Not allowed in the current state' },
  'enterprise.credit_code_invalid': {
    'zh-CN': '统一社会信用代码“{value}”无效：{reason}',
    en: 'Unified social credit code "{value}" is invalid: {reason}',
  },
  'enterprise.credit_code_taken': {
    'zh-CN': '统一社会信用代码“{value}”已登记',
    en: 'Unified social credit code "{value}" is already registered',
  },
  'enterprise.grid_unknown': { 'zh-CN': '网格“{value}”不存在', en: 'Grid "{value}" does not exist' },
  'enterprise.industry_unknown': {
    'zh-CN': '行业代码“{value}”不在 GB/T 4754-2017 中',
    en: 'Industry code "{value}" is not in GB/T 4754-2017',
  },
  'enterprise.location_outside_city': {
    'zh-CN': '坐标不在深圳市范围内',
    en: 'The location is outside Shenzhen',
  },
  'import.file_invalid': {
    'zh-CN': '无法读取文件：不是有效的 Excel(.xlsx) 或 CSV 文件',
    en: 'The file cannot be read: not a valid Excel (.xlsx) or CSV file',
  },
  'import.file_too_large': {
    'zh-CN': '文件超过 {limit} 字节上限',
    en: 'The file exceeds the limit of {limit} bytes',
  },
  'import.too_many_rows': {
    'zh-CN': '文件有 {rows} 行，超过 {limit} 行上限',
    en: 'The file has {rows} rows, over the limit of {limit}',
  },
  'import.encoding_invalid': {
    'zh-CN': 'CSV 文件不是 UTF-8 编码（可另存为“CSV UTF-8”或使用 .xlsx）',
    en: 'The CSV file is not UTF-8 (save it as "CSV UTF-8" or use .xlsx)',
  },
  'import.unsupported_type': {
    'zh-CN': '只支持 .xlsx 和 UTF-8 编码的 .csv 文件',
    en: 'Only .xlsx and UTF-8 .csv files are accepted',
  },
  'import.rows_invalid': {
    'zh-CN': '{count} 行有错误，未导入任何数据',
    en: '{count} rows have errors; nothing was imported',
  },
  'import.columns_missing': {
    'zh-CN': '缺少必填列：{missing}（请使用导入模板）',
    en: 'Required columns are missing: {missing} (use the import template)',
  },
  'import.file_missing': { 'zh-CN': '请选择要上传的文件', en: 'Choose a file to upload' },
  'pagination.cursor_invalid': { 'zh-CN': '分页游标无效', en: 'Invalid pagination cursor' },
  'space.code_taken': {
    'zh-CN': '本企业已有编号为 {code} 的有限空间',
    en: 'This enterprise already has a confined space numbered {code}',
  },
  'space.limits_invalid': {
    'zh-CN': '报警限值不符合要求（{rule}），请按提示修改',
    en: 'The alarm limits are not acceptable ({rule}); see the fields marked',
  },
  'space.photo_too_large': {
    'zh-CN': '照片超过大小上限（{limit} 字节）',
    en: 'The photo is larger than the limit ({limit} bytes)',
  },
  'space.photo_empty': { 'zh-CN': '照片文件为空', en: 'The photo file is empty' },
  'space.photo_type_invalid': {
    'zh-CN': '只接受 JPEG、PNG 或 WebP 照片（按文件内容判断）',
    en: 'Only JPEG, PNG or WebP photos are accepted (judged by the file content)',
  },
  'space.photo_limit': {
    'zh-CN': '每个有限空间最多保存 {limit} 张台账照片，请先移除旧照片',
    en: 'A confined space keeps at most {limit} ledger photos: remove an old one first',
  },
  'permit.invalid_transition': {
    'zh-CN': '作业审批单当前状态（{status}）不允许此操作',
    en: "The permit's status ({status}) does not allow this",
  },
  'permit.checklist_incomplete': {
    'zh-CN': '风险辨识清单尚未全部确认',
    en: 'The risk-identification checklist is not fully confirmed',
  },
  'permit.no_entrants': {
    'zh-CN': '请填写作业人员、监护人和作业负责人',
    en: 'Entrants, attendant and responsible person are required',
  },
  'permit.gas_test_missing': {
    'zh-CN': '尚无作业前气体检测记录（先通风、再检测、后作业）',
    en: 'No pre-entry gas test yet (ventilate, test, then enter)',
  },
  'permit.gas_test_failed': { 'zh-CN': '最近一次气体检测不合格', en: 'The latest gas test failed' },
  'permit.gas_test_stale': {
    'zh-CN': '气体检测已超过有效时间，请重新检测',
    en: 'The gas test is too old; test again',
  },
  'permit.outside_window': {
    'zh-CN': '当前不在审批的作业时段内',
    en: 'Now is outside the permitted work window',
  },
  'permit.window_over': { 'zh-CN': '作业时段已结束', en: 'The work window is over' },
  'permit.window_invalid': {
    'zh-CN': '作业时段无效：结束时间须晚于开始时间，且不超过 {maxHours} 小时',
    en: 'Invalid work window: the end must follow the start, at most {maxHours} h',
  },
  'permit.entrants_inside': { 'zh-CN': '请确认作业人员已全部撤出', en: 'Confirm that every entrant is out' },
  'permit.lock_open': { 'zh-CN': '智能锁尚未关闭', en: 'The smart lock has not been closed' },
  'permit.reason_required': { 'zh-CN': '请填写原因', en: 'A reason is required' },
  'permit.space_busy': {
    'zh-CN': '该有限空间在此时段已有作业审批单（{permitId}）',
    en: 'Another permit ({permitId}) covers this space in that window',
  },
  'permit.version_stale': {
    'zh-CN': '审批单已被他人修改，请刷新后重试',
    en: 'The permit changed meanwhile; reload and try again',
  },
  'inspection.version_stale': {
    'zh-CN': '检查记录已被同组执法人员更新，请刷新后重试',
    en: 'The other officer changed this inspection meanwhile; reload and try again',
  },
  'permit.lock_not_linked': {
    'zh-CN': '该锁未安装在此有限空间',
    en: 'That lock is not installed at this space',
  },
  'permit.detector_not_linked': {
    'zh-CN': '该检测仪未安装在此有限空间',
    en: 'That detector is not installed at this space',
  },
  'permit.detector_reading_stale': {
    'zh-CN': '检测仪近 {maxAgeSeconds} 秒内无读数，请改用便携式检测仪手工录入',
    en: 'No reading from the detector in the last {maxAgeSeconds} s; enter a manual test instead',
  },
  'permit.gas_test_in_future': { 'zh-CN': '检测时间晚于当前时间', en: 'The test time lies in the future' },
  'permit.attendant_missing': { 'zh-CN': '请指定监护人', en: 'An attendant is required' },
  'permit.attendant_is_entrant': {
    'zh-CN': '监护人不得同时作为作业人员进入有限空间',
    en: 'The attendant may not also be an entrant',
  },
  'permit.responsible_person_missing': {
    'zh-CN': '请指定作业负责人',
    en: 'A responsible person is required',
  },
  'permit.gas_test_future': {
    'zh-CN': '气体检测时间晚于当前时间，无法判断其时效',
    en: 'The gas test is stamped in the future; its age cannot be known',
  },
  'permit.gas_test_before_suspension': {
    'zh-CN': '作业中断后须重新检测合格方可恢复',
    en: 'After an interruption, a new passing gas test is needed to resume',
  },
  'permit.window_not_over': { 'zh-CN': '作业时段尚未结束', en: 'The work window is not over yet' },
  'permit.status_forbids_unlock': {
    'zh-CN': '审批单当前状态不允许开锁',
    en: 'The permit’s status does not allow unlocking',
  },
  'permit.gas_alarm_open': {
    'zh-CN': '该有限空间有未处置的气体报警（{alarmId}），不得开锁',
    en: 'A gas alarm ({alarmId}) is open at this space: no unlocking',
  },
  'alarm.already_resolved': { 'zh-CN': '报警已处置完毕', en: 'The alarm is already resolved' },
  'alarm.dispatch_without_place': {
    'zh-CN': '该报警的设备未绑定企业，无法分拨到街道，请选择其他处置方式',
    en: "This alarm's device belongs to no enterprise: there is no street to dispatch it to; choose another resolution",
  },
  'alarm.hazard_exists': {
    'zh-CN': '该报警已转为隐患（{hazardId}），不能重复转办',
    en: 'This alarm has already become hazard {hazardId}',
  },
  'alarm.hazard_without_enterprise': {
    'zh-CN': '该报警的设备未绑定企业，无法形成企业隐患',
    en: "This alarm's device belongs to no enterprise: there is no enterprise to hold the hazard",
  },
  'accident.deaths_mismatch': {
    'zh-CN': '事故等级与死亡人数不一致：死亡事故须有死亡人数，其他等级死亡人数须为 0',
    en: 'Severity and deaths disagree: a fatal accident has deaths, any other has none',
  },
  'accident.date_in_future': {
    'zh-CN': '事故发生日期不能晚于今天',
    en: 'The accident date cannot be after today',
  },
  'profile_import.rows_invalid': {
    'zh-CN': '未导入：{records} 条记录有问题（共 {problems} 处），没有写入任何记录',
    en: 'Nothing imported: {records} records have problems ({problems} in all); no record was written',
  },
  'profile_import.enterprise_unknown': {
    'zh-CN': '统一社会信用代码“{value}”不是您辖区内登记的企业',
    en: 'No enterprise with credit code "{value}" is registered in your area',
  },
  'profile_import.date_in_future': {
    'zh-CN': '日期不能晚于今天',
    en: 'The date cannot be after today',
  },
  'profile_import.expiry_not_after_record': {
    'zh-CN': '失效日期须晚于认定日期',
    en: 'The expiry date must come after the recorded date',
  },
  'profile_import.amount_invalid': {
    'zh-CN': '金额须为不小于 0 的数，最多两位小数',
    en: 'The amount must be at least 0, with at most two decimals',
  },
  'profile_import.control_characters': {
    'zh-CN': '含有不可见的控制字符',
    en: 'Contains invisible control characters',
  },
  'profile_import.duplicate_in_batch': {
    'zh-CN': '与本批第 {firstRecord} 条记录重复',
    en: 'Repeats record no. {firstRecord} of this batch',
  },
  'profile_import.already_recorded': {
    'zh-CN': '该记录已在平台中（此前已导入或登记）',
    en: 'This record is already on the platform (imported or recorded before)',
  },
  'objection.no_grade': {
    'zh-CN': '该企业尚无等级，暂不能提出异议',
    en: 'The enterprise has no grade yet: there is nothing to object to',
  },
  'objection.indicator_unknown': {
    'zh-CN': '指标 {indicator} 不在该等级所用的评分模型中',
    en: 'Indicator {indicator} is not in the model the grade used',
  },
  'objection.indicator_not_objectable': {
    'zh-CN': '隐患类指标按隐患整改和复查流程更正，不能通过异议修改',
    en: 'Hazard indicators are corrected through the hazard process (rectification, verification, withdrawal), not by an objection',
  },
  'objection.claim_unchanged': {
    'zh-CN': '主张的数值与记录相同',
    en: 'The claimed value is the recorded one',
  },
  'objection.claim_out_of_range': {
    'zh-CN': '主张的数值超出该指标的范围（最大 {max}）',
    en: 'The claimed value is outside the indicator’s range (at most {max})',
  },
  'objection.reason_blank': {
    'zh-CN': '请说明异议理由',
    en: 'Give the reason for the objection',
  },
  'objection.note_blank': {
    'zh-CN': '请填写处理意见',
    en: 'Give the reason for the decision',
  },
  'objection.pending_exists': {
    'zh-CN': '该指标已有待处理的异议',
    en: 'An objection to this indicator is already pending',
  },
  'objection.already_decided': {
    'zh-CN': '该异议已处理，不能再修改',
    en: 'The objection has been decided and can no longer change',
  },
  'objection.evidence_missing': {
    'zh-CN': '请选择要上传的证据文件',
    en: 'Choose the evidence file to upload',
  },
  'objection.evidence_invalid': {
    'zh-CN': '证据须为 JPEG、PNG、WebP 图片或 PDF，且不超过 {limit} 字节',
    en: 'Evidence must be a JPEG, PNG or WebP image or a PDF of at most {limit} bytes',
  },
  'objection.evidence_limit': {
    'zh-CN': '每条异议最多上传 {limit} 个证据文件',
    en: 'At most {limit} evidence files per objection',
  },
  'grading.month_range_invalid': {
    'zh-CN': '结束月份不能早于开始月份',
    en: 'The last month cannot come before the first',
  },
  'grading.model_invalid': {
    'zh-CN': '评分模型不合规：{problems}',
    en: 'The grading model is not valid: {problems}',
  },
  'grading.model_version_exists': {
    'zh-CN': '评分模型版本 {version} 已存在，修改请发布新版本号',
    en: 'Grading model version {version} exists already; publish changes under a new version',
  },
  'grading.model_not_draft': {
    'zh-CN': '只有草稿状态的模型版本可以试算或启用',
    en: 'Only a draft model version can be dry-run or activated',
  },
  'grading.no_active_model': {
    'zh-CN': '尚无启用的评分模型',
    en: 'No grading model is active',
  },
  'service_package.preview_stale': {
    'zh-CN': '预览之后企业画像或已送达情况有变化，请重新预览后再确认生成',
    en: 'Profiles or deliveries changed since the preview; preview again before confirming',
  },
  'finding.blank': {
    'zh-CN': '请描述检查发现的问题（只有标点或空白无法匹配条款）',
    en: 'Describe the finding (punctuation or blanks alone cannot be matched)',
  },
  'document.type_unknown': {
    'zh-CN': '不支持的文书类型“{docType}”，可选：{known}',
    en: 'Unknown document type "{docType}"; known: {known}',
  },
  'document.findings_empty': {
    'zh-CN': '请至少填写一项存在的问题',
    en: 'List at least one finding',
  },
  'document.value_too_long': {
    'zh-CN': '内容过长，最多 {limit} 个字符',
    en: 'Too long: at most {limit} characters',
  },
  'document.value_blank': { 'zh-CN': '内容不能为空白', en: 'Must not be blank' },
  'document.character_invalid': {
    'zh-CN': '内容含有不允许的字符（控制字符，或单行内容中的换行）',
    en: 'Contains a character not allowed here (a control character, or a line break in a one-line value)',
  },
  'document.character_unprintable': {
    'zh-CN': '字符“{character}”无法打印到文书中，请改用常用字',
    en: 'The character "{character}" cannot be printed in the document; use a common character',
  },
  'document.date_invalid': { 'zh-CN': '日期“{value}”不存在', en: 'The date "{value}" does not exist' },
  'document.date_in_future': {
    'zh-CN': '文书日期不能晚于今天（{today}）',
    en: 'The document date cannot be after today ({today})',
  },
  'document.date_before': {
    'zh-CN': '日期不能早于前一步的日期（{earliest}）',
    en: 'The date cannot be before that of the step before it ({earliest})',
  },
  'document.deadline_in_past': {
    'zh-CN': '整改期限不能早于今天（{today}）或文书日期',
    en: 'The deadline cannot be before today ({today}) or the document date',
  },
  'document.time_range_invalid': {
    'zh-CN': '检查结束时间须晚于开始时间，且开始时间不能晚于现在',
    en: 'The inspection must end after it starts, and cannot start in the future',
  },
  'document.font_unavailable': {
    'zh-CN': '服务器缺少中文字体，暂无法生成文书（已记录，请联系管理员）',
    en: 'The server lacks the CJK font needed for documents (logged; contact the administrator)',
  },
  'inspection.partner_invalid': {
    'zh-CN': '同行执法人员须为另一名在职执法人员，且其管辖范围覆盖该企业',
    en: 'The partner must be another active enforcement officer whose jurisdiction covers the enterprise',
  },
  'inspection.not_participant': {
    'zh-CN': '只有本次检查的两名执法人员可以记录',
    en: 'Only the two officers of this inspection may record in it',
  },
  'enforcement_plan.jurisdiction_invalid': {
    'zh-CN': '检查计划只能按市或区（执法机关）制定',
    en: 'Plans are made per bureau: choose a city or district',
  },
  'enforcement_plan.parent_invalid': {
    'zh-CN': '月度计划须挂在本机关的年度计划下',
    en: "A monthly plan belongs under the bureau's annual plan",
  },
  'enforcement_plan.published': {
    'zh-CN': '计划已公布，抽取结果不可更改',
    en: 'The plan is published: its draw is final',
  },
  'enforcement_plan.no_draw': {
    'zh-CN': '请先进行随机抽取',
    en: 'Run the random draw first',
  },
  'enforcement_plan.draw_stale': {
    'zh-CN': '抽取结果已更新，请核对最新一次抽取后再公布',
    en: 'There is a newer draw: review it before publishing',
  },
  'enforcement_plan.officers_insufficient': {
    'zh-CN': '本辖区可选派的执法人员不足两名（执法人员不得少于两人）',
    en: 'Fewer than two enforcement officers cover this jurisdiction (inspections need two)',
  },
  'enforcement_plan.no_targets': {
    'zh-CN': '本次抽取没有检查对象，无需公布',
    en: 'The draw has no targets: there is nothing to publish',
  },
  'enforcement_task.not_assigned': {
    'zh-CN': '只有该任务选派的两名执法人员可以开始检查',
    en: "Only the task's two assigned officers may start it",
  },
  'enforcement_task.enterprise_mismatch': {
    'zh-CN': '任务的检查对象与所选企业不一致',
    en: "The task's enterprise is not the one being inspected",
  },
  'enforcement_task.partner_mismatch': {
    'zh-CN': '同行执法人员须为该任务选派的另一名执法人员',
    en: "The partner must be the task's other assigned officer",
  },
  'enforcement_task.not_open': {
    'zh-CN': '该任务已开始或已完成',
    en: 'The task has already been started or done',
  },
  'inspection.completed': {
    'zh-CN': '本次检查已结束，不能再记录',
    en: 'This inspection is completed; nothing more can be recorded',
  },
  'inspection.provision_unknown': {
    'zh-CN': '法规库中没有条款“{ref}”',
    en: 'The regulation library has no provision "{ref}"',
  },
  'inspection.major_hazard_invalid': {
    'zh-CN': '“{ref}”不是《工贸企业重大事故隐患判定标准》中的一项',
    en: '"{ref}" is not an item of the major-hazard criteria for industry and trade enterprises',
  },
  'inspection.no_findings': {
    'zh-CN': '尚未记录任何检查发现，不能结束检查',
    en: 'Record at least one finding before completing the inspection',
  },
  'inspection.finding_unknown': {
    'zh-CN': '本次检查没有第 {findingSeq} 项发现',
    en: 'This inspection has no finding {findingSeq}',
  },
  'inspection.evidence_missing': {
    'zh-CN': '请选择要上传的证据文件',
    en: 'Choose an evidence file to upload',
  },
  'inspection.evidence_empty': {
    'zh-CN': '证据文件为空',
    en: 'The evidence file is empty',
  },
  'inspection.evidence_too_large': {
    'zh-CN': '证据文件超过 {limit} 字节',
    en: 'The evidence file exceeds {limit} bytes',
  },
  'inspection.evidence_type_invalid': {
    'zh-CN': '证据文件须为 JPEG、PNG、WebP 图片或 PDF，且内容与类型一致',
    en: 'Evidence must be a JPEG, PNG or WebP image or a PDF, and its content must match its type',
  },
  'inspection.captured_at_invalid': {
    'zh-CN': '拍摄时间格式不正确',
    en: 'The capture time is not a valid date-time',
  },
  'inspection.captured_in_future': {
    'zh-CN': '拍摄时间晚于当前时间',
    en: 'The capture time lies in the future',
  },
  'inspection.checklist_unavailable': {
    'zh-CN': '该企业不属于工贸行业分类，没有检查表',
    en: 'This enterprise is outside the industry-and-trade categories and has no checklist',
  },
  'inspection.checklist_item_unknown': {
    'zh-CN': '本次检查的检查表中没有“{itemId}”',
    en: 'The checklist of this inspection has no item "{itemId}"',
  },
  'inspection.checklist_item_duplicate': {
    'zh-CN': '检查项“{itemId}”重复填写',
    en: 'Checklist item "{itemId}" is answered twice',
  },
  'inspection.captured_too_early': {
    'zh-CN': '拍摄时间早于检查开始前一天',
    en: 'The capture time is more than a day before the inspection started',
  },
  'hazard.client_id_reused': {
    'zh-CN': '该请求编号已用于另一内容的提交，请重新提交',
    en: 'This clientId was already used for a different request; submit again',
  },
  'hazard.version_stale': {
    'zh-CN': '隐患已被他人更新（当前状态：{status}），请刷新后重试',
    en: 'Someone else changed this hazard (now {status}); reload and try again',
  },
  'hazard.transition_not_allowed': {
    'zh-CN': '隐患当前状态（{status}）下不能执行此操作',
    en: 'This step is not possible while the hazard is {status}',
  },
  'hazard.evidence_required': {
    'zh-CN': '请先上传照片再提交',
    en: 'Upload a photo first',
  },
  'hazard.note_required': {
    'zh-CN': '请填写说明',
    en: 'A note is required',
  },
  'hazard.deadline_required': {
    'zh-CN': '请填写整改期限',
    en: 'A deadline is required',
  },
  'hazard.deadline_in_past': {
    'zh-CN': '整改期限不能早于今天',
    en: 'The deadline cannot be before today',
  },
  'hazard.deferral_invalid': {
    'zh-CN': '延期后的期限须晚于原期限，且延长不超过 {maxDays} 天',
    en: 'The new deadline must be after the current one and at most {maxDays} days later',
  },
  'hazard.deferral_pending': {
    'zh-CN': '已有待审批的延期申请',
    en: 'A deferral request is already pending',
  },
  'hazard.deferral_not_pending': {
    'zh-CN': '没有待审批的延期申请',
    en: 'There is no pending deferral request',
  },
  'hazard.not_overdue': {
    'zh-CN': '隐患未逾期，不能升级',
    en: 'The hazard is not overdue; it cannot be escalated',
  },
  'hazard.already_escalated': {
    'zh-CN': '隐患已升级',
    en: 'The hazard has already been escalated',
  },
  'hazard.stage_forbidden': {
    'zh-CN': '您不能上传此环节的照片',
    en: 'You may not add photos to this stage',
  },
  'hazard.major_hazard_invalid': {
    'zh-CN': '“{ref}”不是《工贸企业重大事故隐患判定标准》中的一项',
    en: '"{ref}" is not an item of the major hazard criteria (令第10号)',
  },
  'hazard.patrol_task_invalid': {
    'zh-CN': '巡查任务不存在或不属于该企业',
    en: 'The patrol task does not exist or is not for this enterprise',
  },
  'hazard.found_in_future': {
    'zh-CN': '发现时间晚于当前时间',
    en: 'The time found lies in the future',
  },
  'hazard.photo_missing': {
    'zh-CN': '请选择照片',
    en: 'Choose a photo',
  },
  'hazard.photo_empty': {
    'zh-CN': '照片文件为空',
    en: 'The photo file is empty',
  },
  'hazard.photo_too_large': {
    'zh-CN': '照片超过大小上限（{limit} 字节）',
    en: 'The photo is larger than the limit ({limit} bytes)',
  },
  'hazard.photo_type_invalid': {
    'zh-CN': '照片须为 JPEG、PNG 或 WebP 图片，且内容与类型一致',
    en: 'A photo must be a JPEG, PNG or WebP image, and its content must match its type',
  },
  'hazard.photo_stage_invalid': {
    'zh-CN': '照片环节须为上报、整改或复查',
    en: 'The photo stage must be report, rectification or verification',
  },
  'hazard.photo_stage_closed': {
    'zh-CN': '隐患当前状态（{status}）下不能上传此环节的照片',
    en: 'Photos of this stage cannot be added while the hazard is {status}',
  },
  'hazard.photo_limit': {
    'zh-CN': '此环节最多 {limit} 张照片',
    en: 'At most {limit} photos per stage',
  },
  'hazard.captured_at_invalid': {
    'zh-CN': '拍摄时间格式不正确',
    en: 'The capture time is not a valid date-time',
  },
  'hazard.captured_in_future': {
    'zh-CN': '拍摄时间晚于当前时间',
    en: 'The capture time lies in the future',
  },
  'hazard.client_id_invalid': {
    'zh-CN': '请求编号格式不正确',
    en: 'The clientId is not a valid UUID',
  },
  'patrol.version_stale': {
    'zh-CN': '巡查任务已被他人修改（当前版本 {version}），请刷新后重试',
    en: 'Someone else changed this patrol task (now version {version}); reload and try again',
  },
  'patrol.task_not_open': {
    'zh-CN': '巡查任务当前状态为 {status}，不能执行此操作',
    en: 'The patrol task is {status}; this step is not possible',
  },
  'patrol.already_checked_in': {
    'zh-CN': '该巡查任务已于 {at} 签到',
    en: 'This patrol task was already checked in at {at}',
  },
  'patrol.not_checked_in': {
    'zh-CN': '请先在企业现场签到，再提交检查表',
    en: 'Check in at the enterprise before submitting the check-list',
  },
  'patrol.checklist_submitted': {
    'zh-CN': '该巡查任务的检查表已提交',
    en: 'The check-list of this patrol task has already been submitted',
  },
  'patrol.location_implausible': {
    'zh-CN': '定位不可信（距企业登记位置 {distanceMetres} 米），请在企业现场重新定位后签到',
    en: 'The position is not plausible ({distanceMetres} m from the registered location); get a fresh fix at the enterprise and check in again',
  },
  'patrol.time_in_future': {
    'zh-CN': '时间 {at} 晚于当前时间，请校准手机时间',
    en: 'The time {at} is in the future; check the phone clock',
  },
  'patrol.due_date_past': {
    'zh-CN': '截止日期不能早于今天（{today}）',
    en: 'The due date cannot be before today ({today})',
  },
  'patrol.inspector_not_in_charge': {
    'zh-CN': '该网格员不负责网格 {gridId}',
    en: 'This inspector is not in charge of grid {gridId}',
  },
  'patrol.checklist_item_unknown': {
    'zh-CN': '检查表中没有检查项“{itemId}”',
    en: 'The check-list has no item "{itemId}"',
  },
  'patrol.checklist_item_duplicate': {
    'zh-CN': '检查项“{itemId}”重复作答',
    en: 'Item "{itemId}" is answered more than once',
  },
  'patrol.checklist_incomplete': {
    'zh-CN': '检查项“{itemId}”尚未作答',
    en: 'Item "{itemId}" is not answered',
  },
  'dispatch.step_forbidden': { 'zh-CN': '你的角色不能执行这一步', en: 'Your role may not take this step' },
  'dispatch.invalid_transition': {
    'zh-CN': '事件当前状态（{status}）不能执行这一步',
    en: 'This step is not possible while the event is {status}',
  },
  'dispatch.version_stale': {
    'zh-CN': '事件已被他人更新，请刷新后重试',
    en: 'The event was changed by someone else; reload and try again',
  },
  'dispatch.note_required': { 'zh-CN': '请填写原因或处理结果', en: 'A reason or the result is required' },
  'dispatch.department_required': {
    'zh-CN': '请选择分拨的部门或队伍',
    en: 'Choose the department or team to dispatch to',
  },
  'dispatch.department_unknown': { 'zh-CN': '没有这个部门或队伍', en: 'There is no such department or team' },
  'dispatch.rating_required': { 'zh-CN': '请给出 1 至 5 分的评价', en: 'Give a rating from 1 to 5' },
  'dispatch.finder_missing': {
    'zh-CN': '该事件没有发现人，不能由发现人自行处置',
    en: 'The event has no finder to handle it (巡办结合)',
  },
  'dispatch.grid_unknown': { 'zh-CN': '没有编号为 {gridId} 的网格', en: 'There is no grid {gridId}' },
  'tip.outside_city': { 'zh-CN': '该位置不在本市任何网格内', en: 'The location lies in no grid of the city' },
  'tip.too_many_photos': { 'zh-CN': '最多上传 {max} 张照片', en: 'At most {max} photos' },
  'tip.photo_too_large': { 'zh-CN': '照片过大', en: 'A photo is too large' },
  'tip.photo_type_invalid': {
    'zh-CN': '只接受 JPEG、PNG 或 WebP 照片',
    en: 'Only JPEG, PNG or WebP photos are accepted',
  },
  'tip.client_id_conflict': {
    'zh-CN': '该提交编号已用于另一条举报，请重新提交',
    en: 'This submission id was already used for another tip; submit again',
  },
  'case.wrong_state': {
    'zh-CN': '案件当前状态（{status}）不能执行此操作（{action}）',
    en: 'The case is {status}: {action} is not possible now',
  },
  'case.version_stale': {
    'zh-CN': '案件已被他人更新（当前版本 {version}），请刷新后重试',
    en: 'The case was changed meanwhile (now version {version}); reload and try again',
  },
  'case.not_handler': {
    'zh-CN': '只有本案的两名承办人可以执行此操作',
    en: 'Only the two officers handling this case may do this',
  },
  'case.inspection_not_participant': {
    'zh-CN': '只能根据本人参与的现场检查立案',
    en: 'A case can be opened only from an inspection you took part in',
  },
  'case.inspection_not_completed': {
    'zh-CN': '现场检查尚未结束，不能据此开立案件',
    en: 'The inspection is not completed yet',
  },
  'case.inspection_has_case': {
    'zh-CN': '该次检查已开立案件（案件 {caseId}）',
    en: 'This inspection already has a case ({caseId})',
  },
  'case.finding_unknown': {
    'zh-CN': '检查中没有第 {seq} 项发现',
    en: 'The inspection has no finding {seq}',
  },
  'case.finding_without_provision': {
    'zh-CN': '第 {seq} 项发现未关联违反的条款',
    en: 'Finding {seq} cites no provision',
  },
  'case.co_handler_invalid': {
    'zh-CN': '协办人须为另一名管辖范围覆盖该企业的执法人员',
    en: 'The co-handler must be another enforcement officer whose jurisdiction covers the enterprise',
  },
  'case.reinspection_too_early': {
    'zh-CN': '整改期限 {deadline} 之前不能复查',
    en: 'Re-inspection is possible from the deadline {deadline} on',
  },
  'case.reinspection_items_invalid': {
    'zh-CN': '复查须对每一项违法行为给出是否整改的结论',
    en: 'The re-inspection must give one verdict for every violation',
  },
  'case.date_in_future': {
    'zh-CN': '日期 {date} 晚于今天',
    en: 'The date {date} lies in the future',
  },
  'case.date_before': {
    'zh-CN': '日期 {date} 早于 {after}',
    en: 'The date {date} lies before {after}',
  },
  'case.filing_not_needed': {
    'zh-CN': '复查后没有未整改的事项，无需立案',
    en: 'No item remained unrectified at re-inspection: nothing to file',
  },
  'case.approver_is_handler': {
    'zh-CN': '承办人不能审批本案',
    en: 'A handler of the case may not approve it',
  },
  'case.approver_same_person': {
    'zh-CN': '审核人与负责人须为不同的人',
    en: 'The reviewer and the head must be two different people',
  },
  'case.violation_unknown': {
    'zh-CN': '本案没有第 {seq} 项违法行为',
    en: 'The case has no violation {seq}',
  },
  'case.fine_missing': {
    'zh-CN': '第 {seq} 项违法行为未整改，须给出罚款数额',
    en: 'Violation {seq} was not rectified: give a fine',
  },
  'case.fine_out_of_range': {
    'zh-CN': '第 {seq} 项罚款 {fine} 元超出法定幅度（{min}–{max} 元）',
    en: 'The fine of {fine} yuan for violation {seq} lies outside the legal range ({min}–{max} yuan)',
  },
  'case.fine_range_unknown': {
    'zh-CN': '第 {seq} 项违法行为的法定罚款幅度未知（罚则缺失或不以元计），平台不能核验罚款',
    en: 'The legal fine range of violation {seq} is unknown (no penalty provision, or not in yuan): the platform cannot check a fine',
  },
  'case.amount_precision': {
    'zh-CN': '金额最多保留两位小数',
    en: 'Amounts have at most two decimals',
  },
  'case.hearing_request_late': {
    'zh-CN': '听证申请须在告知后五个工作日内提出（截止 {dueOn}）',
    en: 'A hearing must be requested within five working days of the notice (by {dueOn})',
  },
  'case.statement_window_open': {
    'zh-CN': '陈述申辩及听证申请期限至 {dueOn}，期满或当事人放弃后方可提交处罚决定',
    en: 'The period for statements and hearing requests runs to {dueOn}; the decision may be submitted after it or a waiver',
  },
  'case.decision_overdue': {
    'zh-CN': '处罚决定须在立案后九十日内作出（截止 {dueOn}）',
    en: 'The decision must be made within 90 days of filing (by {dueOn})',
  },
  'case.payment_short': {
    'zh-CN': '缴款 {amount} 元少于应缴 {amountDue} 元（含加处罚款）',
    en: 'The payment of {amount} yuan is less than the {amountDue} yuan due (surcharge included)',
  },
  'case.payment_not_overdue': {
    'zh-CN': '缴款期限 {dueOn} 尚未届满，不能强制执行',
    en: 'The payment deadline {dueOn} has not passed: enforcement cannot start',
  },
  'deadline.not_working_day': {
    'zh-CN': '期限 {date} 不是工作日（{reason}），请选择工作日',
    en: 'The deadline {date} is not a working day ({reason}); choose a working day',
  },
  'deadline.in_past': {
    'zh-CN': '期限 {date} 已过',
    en: 'The deadline {date} lies in the past',
  },
  'holiday_calendar.day_outside_year': {
    'zh-CN': '日期 {day} 不在 {year} 年内',
    en: 'The day {day} is not in {year}',
  },
  'holiday_calendar.day_duplicate': {
    'zh-CN': '日期 {day} 重复',
    en: 'The day {day} is listed twice',
  },
  'statistics.period_reversed': {
    'zh-CN': '统计期间的结束月份 {to} 早于开始月份 {from}',
    en: 'The period ends ({to}) before it starts ({from})',
  },
  'statistics.period_too_long': {
    'zh-CN': '统计期间最长 {max} 个月（所选为 {months} 个月）',
    en: 'The period may cover at most {max} months ({months} chosen)',
  },
  'service.unavailable': { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
  'internal.unexpected': {
    'zh-CN': '服务器内部错误，已记录（请求编号 {requestId}）',
    en: 'Internal error, logged (request id {requestId})',
  },
};

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function formatMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m));
}
