export * from './api';
export * from './credit-code';
export * from './values';
export * from './identity';
export * from './confined';
export * from './regulations';
export * from './documents';
export * from './inspections';
