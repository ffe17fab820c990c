export { json, type JsonReport, type JsonFinding, type JsonError } from './json.js';
export { sarif } from './sarif.js';
export { text, type TextOptions } from './text.js';
export { annotations, jobSummary } from './github.js';
