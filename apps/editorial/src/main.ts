import { runService } from '@newsroom/platform';
import { editorialService } from './editorial.service';

void runService(editorialService);
