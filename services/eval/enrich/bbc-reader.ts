export { isHeldOut, readBbc, type LabelledText } from '../../enrich/training/train-subjects.ts';
