import { runService } from '@newsroom/platform';
import { ingestionService } from './ingestion.service';

void runService(ingestionService);
