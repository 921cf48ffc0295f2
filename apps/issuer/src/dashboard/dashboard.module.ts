import fastifyStatic from '@fastify/static';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DashboardController } from './dashboard.controller.js';
import { dashboardDirectory, packageDirectory, VENDORED_PACKAGES } from './dashboard-files.js';

/**
 * The web dashboard at `/`: a no-build Preact + htm app in apps/dashboard, served as static files
 * with the two libraries' published ES modules under /dashboard/vendor/. No route here needs a key:
 * the page asks for one and calls the public /v1 API with it.
 */
@Module({ controllers: [DashboardController] })
export class DashboardModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyStatic, {
      root: dashboardDirectory(),
      prefix: '/dashboard/',
      decorateReply: false,
      index: false,
      allowedPath: (path) => !path.includes('.spec.'),
    });
    for (const name of VENDORED_PACKAGES) {
      void fastify.register(fastifyStatic, {
        root: packageDirectory(name),
        prefix: `/dashboard/vendor/${name}/`,
        decorateReply: false,
        index: false,
        allowedPath: (path) => path.endsWith('.mjs'),
      });
    }
  }
}
