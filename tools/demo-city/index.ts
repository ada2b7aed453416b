/** The demo city: a deterministic Shenzhen with real districts, streets and communities. */
export {
  DemoCityExistsError,
  isDatabaseEmpty,
  loadDemoCity,
  writeDemoCity,
  type DemoCityPhase,
  type DemoCityProgress,
  type DemoCitySummary,
  type LoadDemoCityOptions,
  type ProgressListener,
} from './load';
export { SIZES, generateDemoCity, type DemoCity, type DemoCitySizeName, type DeviceRecord } from './generate';
export {
  ACCOUNT_LIST_SEPARATOR,
  DEMO_ACCOUNTS_FILE,
  DEMO_PASSWORD,
  accountsPerRole,
  formatAccountList,
  generateDemoAccounts,
  type DemoAccount,
} from './accounts';
export { CITY_ID, DAPENG_ID, type JurisdictionNode } from './jurisdiction';
export type { EnterpriseRecord } from './enterprises';
export type { ConfinedSpaceRecord } from './confined-spaces';
export type { AssignmentRecord, InspectorRecord } from './people';
