export default function EventsPage() {
  return <h1 className="text-xl font-semibold">Event history</h1>;
}
