import { Suspense } from "react";
import { ExploreLab } from "./explore-lab";

export default function Page() {
  return (
    <Suspense>
      <ExploreLab />
    </Suspense>
  );
}
