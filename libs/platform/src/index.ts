export * from './config/service-config';
export * from './database/data-source-options';
export * from './database/provision';
export * from './platform.module';
export * from './bootstrap/run-service';
