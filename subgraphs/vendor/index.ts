import { runSubgraph } from '../../common/subgraph';
import { subgraph } from './module';

void runSubgraph('vendor', subgraph);
