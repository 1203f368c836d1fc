// Nunjucks methods that @types/nunjucks 3.2.6 does not declare but nunjucks 3.2.4 provides.
import 'nunjucks';

declare module 'nunjucks' {
  interface Environment {
    addTest(name: string, test: (value: unknown) => boolean): Environment;
  }
  interface Template {
    getExported(callback: (error: Error | null, exported: Record<string, unknown>) => void): void;
  }
}
