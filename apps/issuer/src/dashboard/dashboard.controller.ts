import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Environment, Public } from '#platform';
import { Database } from '#persistence';
import { dashboardDirectory } from './dashboard-files.js';

export interface DashboardConfig {
  /** The default account's key, only on a sandbox that listens on loopback; null otherwise. */
  default_api_key: string | null;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** The hostname of a Host header, without its port: `127.0.0.1:4000` -> 127.0.0.1, `[::1]:80` -> [::1]. */
export function hostnameOf(hostHeader: string | undefined): string {
  const value = (hostHeader ?? '').trim();
  return value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.split(':')[0];
}

/** The web dashboard: its page and its start-up configuration. Its assets are static (DashboardModule). */
@ApiExcludeController()
@Public()
@Controller()
export class DashboardController {
  private readonly directory = dashboardDirectory();

  constructor(
    @Inject(Environment) private readonly env: Environment,
    @Inject(Database) private readonly database: Database,
  ) {}

  @Get()
  async page(@Res() reply: FastifyReply): Promise<void> {
    const html = await readFile(join(this.directory, 'index.html'), 'utf8');
    void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  }

  /**
   * The default key lets a local `npm start` open the dashboard with no typing. It is handed out only
   * when the sandbox listens on loopback and is addressed by a loopback name: a container (HOST
   * 0.0.0.0) never serves it, and a DNS-rebound page, whose Host is its own domain, does not get it.
   */
  @Get('dashboard/config')
  @Header('cache-control', 'no-store')
  config(@Req() request: FastifyRequest): DashboardConfig {
    const local = isLoopback(this.env.HOST) && isLoopback(hostnameOf(request.headers.host));
    return { default_api_key: local ? this.database.report.apiKey : null };
  }
}
