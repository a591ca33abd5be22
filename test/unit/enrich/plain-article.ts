export { plainArticle } from '../../../services/eval/enrich/text-article.ts';
