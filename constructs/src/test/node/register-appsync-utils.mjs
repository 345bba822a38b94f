// Lets resolver code import '@aws-appsync/utils' in Node (see appsync-utils-hook.mjs), with the
// clock of util.time fixed so that the tests can compare timestamps.
import { register } from 'node:module';
import { clock } from '../../../../local/stack/src/main/js/appsync/util.mjs';

register('./appsync-utils-hook.mjs', import.meta.url);
clock.now = () => new Date('2026-11-23T12:00:00.000Z');
