import { en } from '../../shell/i18n/en';
import { formatMessage } from '../../shell/i18n/format';
import { zhCN } from '../../shell/i18n/zh-CN';
import type { Translate } from './fineModel';

/** The real catalogues as `t` functions, for the models' unit tests. */
export const tZh: Translate = (key, params) => formatMessage(zhCN[key], params, 'zh-CN');
export const tEn: Translate = (key, params) => formatMessage(en[key], params, 'en');
