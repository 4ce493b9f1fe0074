import { Card, CardHeader } from '@/components/ui/card';

export function SymptomsCard({ symptoms }: { symptoms: string[] }) {
  return (
    <Card as="section" aria-labelledby="symptoms-heading">
      <CardHeader id="symptoms-heading" title="Symptoms" />
      <ul className="list-disc space-y-1 py-3 pr-4 pl-8 text-sm marker:text-muted">
        {symptoms.map((symptom) => (
          <li key={symptom}>{symptom}</li>
        ))}
      </ul>
    </Card>
  );
}
