#!/usr/bin/env node
import { buildExampleApp } from '../examples/app';

buildExampleApp();
