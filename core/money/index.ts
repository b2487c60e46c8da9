export * from './kopecks';
