// Lets resolver code import '@aws-appsync/utils' in Node: the import resolves to appsync-utils.mjs.
import { register } from 'node:module';

register('./appsync-utils-hook.mjs', import.meta.url);
