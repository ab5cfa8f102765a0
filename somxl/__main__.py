from somxl.cli import main

main()
