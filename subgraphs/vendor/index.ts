import { runSubgraph } from '../../common/subgraph';
import { subgraph } from './server';

void runSubgraph('vendor', subgraph);
