import { runGateway } from './run';

runGateway();
