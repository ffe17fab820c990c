export { json, type JsonReport, type JsonFinding, type JsonError } from './json.js';
export { sarif } from './sarif.js';
export { text, type TextOptions } from './text.js';
export { annotations, githubWorkflow, jobSummary } from './github.js';
export { junit } from './junit.js';
export { gitlab, type GitlabIssue } from './gitlab.js';
