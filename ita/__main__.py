from ita.cli.main import main

raise SystemExit(main())
