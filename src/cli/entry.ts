// irp's entry point: turns the compile cache on, then loads the CLI from its own bundle, so that the CLI's code is
// compiled with the cache too.
import { enableCompileCache } from './compileCache';

enableCompileCache(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('./cli-main.js') as typeof import('./main')).runCli();
