/** Row-level problem texts for the downloadable report (the web app has the same codes). */
export const IMPORT_ERROR_TEXT: Record<string, { 'zh-CN': string; en: string }> = {
  'enterprise.credit_code_invalid.length': {
    'zh-CN': '统一社会信用代码应为 18 位',
    en: 'The credit code must have 18 characters',
  },
  'enterprise.credit_code_invalid.charset': {
    'zh-CN': '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）',
    en: 'The credit code has characters outside GB 32100 (no I, O, Z, S, V)',
  },
  'enterprise.credit_code_invalid.check_digit': {
    'zh-CN': '统一社会信用代码校验位错误',
    en: 'The credit code check character is wrong',
  },
  'enterprise.credit_code_taken': {
    'zh-CN': '该信用代码已登记',
    en: 'This credit code is already registered',
  },
  'import.duplicate_in_file': {
    'zh-CN': '该信用代码在文件中重复出现',
    en: 'This credit code appears more than once in the file',
  },
  'text.control_characters': { 'zh-CN': '含有控制字符', en: 'Contains control characters' },
  'text.length': { 'zh-CN': '长度不符合要求', en: 'Length out of range' },
  'enterprise.industry_unknown': {
    'zh-CN': '不是工贸行业的 GB/T 4754-2017 小类代码',
    en: 'Not a GB/T 4754-2017 class code of a 工贸 industry',
  },
  'enterprise.grid_unknown': { 'zh-CN': '网格编号不存在', en: 'No such grid' },
  'enterprise.scale_unknown': {
    'zh-CN': '规模应为 大型/中型/小型/微型',
    en: 'Scale must be 大型/中型/小型/微型',
  },
  'enterprise.status_unknown': { 'zh-CN': '状态应为 在营/停业/注销', en: 'Status must be 在营/停业/注销' },
  'enterprise.employees_invalid': {
    'zh-CN': '从业人数应为非负整数',
    en: 'Employees must be a whole number ≥ 0',
  },
  'enterprise.location_outside_city': {
    'zh-CN': '坐标缺失或不在深圳市范围内',
    en: 'Coordinates missing or outside Shenzhen',
  },
};
