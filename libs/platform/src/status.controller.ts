import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.js';

@ApiTags('Status')
@Controller('v1/status')
export class StatusController {
  @Public()
  @Get()
  @ApiOperation({ summary: 'API status check; needs no key' })
  status(): { message: string } {
    return { message: 'OK' };
  }
}
