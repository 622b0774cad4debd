import { render } from 'preact';
import type { ConsoleSettings } from './api';
import { App } from './app';
import './styles.css';

async function start(): Promise<void> {
  const settings = (await (await fetch('/api/config')).json()) as ConsoleSettings;
  render(<App settings={settings} />, document.getElementById('app')!);
}

void start();
