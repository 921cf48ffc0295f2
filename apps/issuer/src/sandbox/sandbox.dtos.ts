import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable, PageWindowQueryDto } from '#platform';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const FAULT_TARGETS = ['api', 'webhooks', 'responder'] as const;
export const MAX_FAULT_COUNT = 10_000;
export const MAX_FAULT_LATENCY_MS = 60_000;

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);

export class ListRequestsQueryDto extends PageWindowQueryDto {
  @ApiPropertyOptional({ description: 'A token (req_…): return entries older than it' })
  @IsOptional()
  @Matches(/^req_[0-9A-Za-z]{1,40}$/, { message: 'starting_after must be a token such as req_…' })
  starting_after?: string;

  @ApiPropertyOptional({ description: 'A token (req_…): return entries newer than it' })
  @IsOptional()
  @Matches(/^req_[0-9A-Za-z]{1,40}$/, { message: 'ending_before must be a token such as req_…' })
  ending_before?: string;

  @ApiPropertyOptional({ enum: HTTP_METHODS })
  @IsOptional()
  @Transform(upper)
  @IsIn(HTTP_METHODS)
  method?: string;

  @ApiPropertyOptional({
    description: 'A path prefix (/v1/cards), or a glob where * matches anything (/v1/cards/*/provision)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: 'path must start with /' })
  @MaxLength(512)
  path?: string;

  @ApiPropertyOptional({ description: 'Only answers with this HTTP status', example: 201 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;
}

export class JournalEntryResponseDto {
  @ApiProperty({ example: 'req_…' }) token: string;
  @ApiProperty({ description: 'The x-request-id of the answer' }) request_id: string;
  @ApiProperty({ example: 'POST' }) method: string;
  @ApiProperty({ example: '/v1/cards' }) path: string;
  @ApiProperty({ description: 'The query string without `?`, masked; empty when none' }) query: string;
  @ApiProperty({ example: 201 }) status: number;
  @ApiProperty({ description: 'Time to answer, in milliseconds' }) duration_ms: number;
  @ApiProperty({ type: String, nullable: true, description: 'As received (JSON text), PAN and CVV masked' })
  request_body: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As sent (JSON text), PAN and CVV masked' })
  response_body: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it arrived (wall-clock time)' }) created: string;
}

export class JournalPageResponseDto {
  @ApiProperty({ type: [JournalEntryResponseDto] }) data: JournalEntryResponseDto[];
  @ApiProperty() has_more: boolean;
}

export class CreateFaultDto {
  @ApiPropertyOptional({
    enum: FAULT_TARGETS,
    default: 'api',
    description: "api: the account's API requests; webhooks: its deliveries; responder: its ASA calls",
  })
  @IsOmittable()
  @IsIn(FAULT_TARGETS)
  target?: (typeof FAULT_TARGETS)[number];

  @ApiPropertyOptional({ enum: HTTP_METHODS, description: 'api only; default any method' })
  @IsOmittable()
  @Transform(upper)
  @IsIn(HTTP_METHODS)
  method?: string;

  @ApiPropertyOptional({
    description:
      'A path prefix, or a glob where * matches anything; default every path. For webhooks and the ' +
      "responder, the receiver URL's path",
    example: '/v1/cards*',
  })
  @IsOmittable()
  @IsString()
  @Matches(/^\//, { message: 'path must start with /' })
  @MaxLength(512)
  path?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FAULT_COUNT, default: 1, description: 'How many requests' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_FAULT_COUNT)
  count?: number;

  @ApiPropertyOptional({ minimum: 400, maximum: 599, example: 503, description: 'The status to answer' })
  @IsOmittable()
  @IsInt()
  @Min(400)
  @Max(599)
  status?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 3600, description: 'Seconds, sent as retry-after with status' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(3600)
  retry_after?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_FAULT_LATENCY_MS, description: 'Delay added first' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_FAULT_LATENCY_MS)
  latency_ms?: number;

  @ApiPropertyOptional({
    description: 'api: destroy the connection without answering; webhooks/responder: a network failure',
  })
  @IsOmittable()
  @IsBoolean()
  drop?: boolean;

  @ApiPropertyOptional({ description: 'webhooks/responder: the call counts as timed out, unsent' })
  @IsOmittable()
  @IsBoolean()
  timeout?: boolean;
}

export class FaultParamsDto {
  @Matches(/^flt_[0-9A-Za-z]{1,40}$/, { message: 'fault_token must be a token such as flt_…' })
  fault_token: string;
}

export class FaultResponseDto {
  @ApiProperty({ example: 'flt_…' }) token: string;
  @ApiProperty({ enum: FAULT_TARGETS }) target: string;
  @ApiProperty({ type: String, nullable: true, enum: HTTP_METHODS }) method: string | null;
  @ApiProperty({ type: String, nullable: true }) path: string | null;
  @ApiProperty({ type: Number, nullable: true }) status: number | null;
  @ApiProperty({ type: Number, nullable: true }) retry_after: number | null;
  @ApiProperty() latency_ms: number;
  @ApiProperty() drop: boolean;
  @ApiProperty() timeout: boolean;
  @ApiProperty({ description: 'Matching requests still to fail' }) remaining: number;
  @ApiProperty({ format: 'date-time' }) created: string;
}

export class FaultListResponseDto {
  @ApiProperty({ type: [FaultResponseDto] }) data: FaultResponseDto[];
}
