export * from './api';
export * from './credit-code';
